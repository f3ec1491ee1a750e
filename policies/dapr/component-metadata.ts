// dapr/component-metadata: a Component's type, version and metadata against the contract of the pinned Dapr release
// (components-contrib's metadata.yaml files and daprd's registrations, runtime/components/contracts). The same
// validator checks Trellis's own declarations at synth; this rule checks any Component manifest.
import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { COMPONENT_CONTRACTS } from "../../runtime/components/contracts/component-contracts.ts";
import {
  validateComponent,
  type ComponentToValidate,
  type ContractProblem,
} from "../../runtime/components/contracts/validate-component.ts";

interface MetadataItem {
  name?: unknown;
  value?: unknown;
  secretKeyRef?: unknown;
  envRef?: unknown;
}

/** The Component as the validator reads it: literal values, and the names given by reference. */
function toValidate(component: SetObject, items: readonly MetadataItem[]): ComponentToValidate {
  const metadata: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const item of items) {
    if (typeof item.name !== "string") continue;
    // A secret reference, or (envRef) the sidecar's environment: a value not written in the manifest.
    if (item.secretKeyRef !== undefined || (typeof item.envRef === "string" && item.envRef !== "")) {
      secretKeys.push(item.name);
      continue;
    }
    const value = item.value;
    // daprd reads every value as a string; a JSON value (DynamicValue) as its JSON text.
    metadata[item.name] =
      value === undefined || value === null
        ? ""
        : typeof value === "object"
          ? JSON.stringify(value)
          : (value as string | number | boolean);
  }
  return {
    type: String(component.object.spec?.type ?? ""),
    version: String(component.object.spec?.version ?? ""),
    metadata,
    secretKeys,
  };
}

/** The problem's field path in the manifest: spec.type, spec.version, an item's name or value, or spec.metadata. */
function manifestPath(problem: ContractProblem, items: readonly MetadataItem[], hasMetadata: boolean): string {
  const field = problem.field;
  if (field === "type" || field === "version") return `spec.${field}`;
  if (field === undefined || field === "direction") return "spec";
  const key = field.slice(field.indexOf(".") + 1);
  const index = items.findIndex((item) => item.name === key);
  const at = index >= 0 ? index : items.findIndex((item) => String(item.name).toLowerCase() === key.toLowerCase());
  // Not given: a missing required field belongs to the list it is missing from.
  if (at < 0 || problem.about === undefined) return hasMetadata ? "spec.metadata" : "spec";
  const item = items[at];
  return problem.about === "value" && item?.value !== undefined
    ? `spec.metadata[${at}].value`
    : `spec.metadata[${at}].name`;
}

export const componentMetadata: Rule = {
  id: "dapr/component-metadata",
  summary: "A Component's type, version or metadata that its contract in the pinned Dapr release does not allow.",
  why:
    `daprd ${COMPONENT_CONTRACTS.daprVersion} refuses a Component of a type or version it does not register, and a component ` +
    "fails to initialise without a required field. A metadata name the component does not know is ignored without a word, " +
    "so a misspelt field (close to a known name: one edit for short names, up to three for long ones) leaves the intended setting unset; a credential given as " +
    "a literal value sits in git. Contracts: the metadata.yaml files of components-contrib " +
    `${COMPONENT_CONTRACTS.contribVersion} and daprd's own registrations (runtime/components/contracts).`,
  fix: "Use the type, version and field names that `trellis components <type>` lists; give sensitive fields as `secretKeyRef`.",
  reference: "https://docs.dapr.io/reference/components-reference/",
  severity:
    "error for what daprd refuses or misreads: an unknown type or version, a missing required field, a sensitive field " +
    "as a literal value, a field name close to a known one (a likely typo); warning for what it ignores or deprecates: " +
    "an unknown field with no near match, a deprecated field or version",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/components/state/registry.go", line: 87 },
    { repository: "dapr/kit", tag: "v0.18.2", file: "metadata/utils.go", line: 78 },
    { repository: "dapr/components-contrib", tag: "v1.18.4", file: "state/redis/metadata.yaml", line: 65 },
    { repository: "dapr/components-contrib", tag: "v1.18.4", file: "state/redis/metadata.yaml", line: 33 },
  ],
  check(set) {
    return set
      .ofKind("Component", "dapr.io")
      .filter((component) => component.apiVersion === "dapr.io/v1alpha1")
      .flatMap((component): Finding[] => {
        const spec = component.object.spec;
        if (typeof spec !== "object" || spec === null) return [];
        const items: MetadataItem[] = Array.isArray(spec.metadata)
          ? spec.metadata.filter((item: unknown): item is MetadataItem => typeof item === "object" && item !== null)
          : [];
        return validateComponent(toValidate(component, items)).map((problem) =>
          finding(
            this,
            component,
            problem.severity,
            manifestPath(problem, items, Array.isArray(spec.metadata)),
            `Component ${component.name}: ${problem.message}`,
            problem.fix,
          ),
        );
      });
  },
};
