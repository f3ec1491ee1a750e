// Whether a metadata string parses as the contract's field type the way daprd's decoding reads it
// (dapr/kit v0.18.2 metadata: string_decoders.go, duration.go, bytesize_decoder.go; mapstructure's weak typing).
import type { FieldType } from "./contract-table.ts";

/** kit strings.IsTruthy reads these as true and everything else as false, silently. */
const TRUTHY = ["y", "yes", "true", "t", "on", "1"];
/** The false spellings of strconv.ParseBool and the negations of the truthy words: clearly meant as false. */
const FALSY = ["n", "no", "false", "f", "off", "0"];

/** Decimal or hexadecimal, as strconv.ParseInt(s, 0, …) and ParseFloat accept them. */
const NUMBER = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)$/;
/** time.ParseDuration: "300ms", "1h30m", "0"; kit also takes a bare integer as seconds. */
const DURATION = /^[+-]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|\d+)$/;
/** resource.ParseQuantity: "512Mi", "1G", "100". */
const BYTE_SIZE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** daprd writes {uuid}, {podName}, {namespace} and {appID} into values when it loads them (pkg/runtime/meta/meta.go). */
export function hasRuntimePlaceholder(value: string): boolean {
  return /\{(?:uuid|podName|namespace|appID)\}/.test(value);
}

export function isBoolText(value: string): boolean {
  const word = value.trim().toLowerCase();
  return TRUTHY.includes(word) || FALSY.includes(word);
}

/** Why `value` does not fit `type`, or undefined when it does. */
export function valueTypeProblem(type: FieldType, value: string | number | boolean): string | undefined {
  const text = String(value);
  switch (type) {
    case "bool":
      if (typeof value === "boolean" || isBoolText(text)) return undefined;
      return `is not a boolean; daprd reads "${text}" as false`;
    case "number":
      if (typeof value === "number" ? Number.isFinite(value) : NUMBER.test(text.trim())) return undefined;
      return `is not a number`;
    case "duration":
      if (typeof value === "number" ? Number.isInteger(value) : DURATION.test(text)) return undefined;
      return `is not a duration (a Go duration such as "30s" or "1m30s", or whole seconds)`;
    case "bytesize":
      if (typeof value === "number" ? Number.isFinite(value) : BYTE_SIZE.test(text)) return undefined;
      return `is not a byte size (a quantity such as "512Mi" or "1G")`;
    default:
      return undefined;
  }
}
