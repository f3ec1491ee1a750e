// A finding's fingerprint: the same finding gets the same one on every run, wherever its object's file is and
// whichever line the object starts on. It hashes the rule, the scope of the run (the environment, when the run
// checks several), the object's kind, namespace and name, and the field path. A document that is not an object
// has no identity, so its file and message stand in for one.
import { createHash } from "node:crypto";
import type { Finding } from "./rule.ts";

export const FINGERPRINT_VERSION = "trellis/v1";

export function fingerprint(finding: Finding, scope: string): string {
  const identity =
    finding.kind === ""
      ? [finding.file, finding.message]
      : [finding.kind, finding.namespace, finding.name, finding.path];
  return createHash("sha256")
    .update(JSON.stringify([FINGERPRINT_VERSION, scope, finding.rule, ...identity]))
    .digest("hex")
    .slice(0, 32);
}
