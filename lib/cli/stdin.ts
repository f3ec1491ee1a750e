// Standard input as one text, for `trellis check -`: read to its end, held to the size of one manifest file.
import { InputError, MAX_FILE_BYTES, STDIN_NAME } from "../manifests/load-manifests.ts";
import type { Io } from "./options.ts";

/** Operands that mean standard input. */
export const STDIN_OPERANDS: readonly string[] = ["-", "/dev/stdin"];

export async function readStdin(io: Io, limit: number = MAX_FILE_BYTES): Promise<string> {
  const input = io.stdin ?? "";
  const tooLarge = () =>
    new InputError(`${STDIN_NAME}: larger than ${limit / 1024 / 1024} MiB; not a manifest this tool reads`);
  if (typeof input === "string") {
    if (Buffer.byteLength(input) > limit) throw tooLarge();
    return input;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of input()) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    bytes += buffer.length;
    if (bytes > limit) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
