// SARIF 2.1.0 for GitHub code scanning: one run, every rule described with its help page, one result per finding
// with a fingerprint, accepted findings as suppressions with their justification, skipped files as notifications.
// An error that stopped the run is still one SARIF document, carrying the error.
import type { Finding, Rule } from "../policies/rule.ts";
import type { CheckResult } from "../policies/run.ts";
import { FINGERPRINT_VERSION } from "../policies/fingerprint.ts";
import { objectLabel, skippedFiles } from "./summary.ts";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const CATALOGUE_URI = "https://github.com/trellis-examples/trellis/blob/main/docs/policies.md";

/** The catalogue's section of a rule, by GitHub's heading anchor ("### `k8s/pdb-missing`" → #k8spdb-missing). */
export function ruleHelpUri(id: string): string {
  return `${CATALOGUE_URI}#${id
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-")}`;
}

/**
 * A file as an RFC 3986 URI reference: each path segment percent-encoded (spaces, non-ASCII, `:`, `#`, `%`, ...);
 * an absolute path (a file outside the repository) as a file: URI.
 */
export function sarifUri(file: string): string {
  const path = file.replaceAll("\\", "/");
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  return path.startsWith("/") ? `file://${encoded}` : encoded;
}

const SUPPRESSION_KIND = { annotation: "inSource", config: "external", baseline: "external" } as const;

function tool(rules: readonly Rule[], toolVersion: string) {
  return {
    driver: {
      name: "trellis check",
      version: toolVersion,
      informationUri: CATALOGUE_URI,
      rules: rules.map((rule) => ({
        id: rule.id,
        shortDescription: { text: rule.summary },
        fullDescription: { text: rule.why },
        help: { text: `${rule.fix} (${rule.reference})` },
        helpUri: ruleHelpUri(rule.id),
        properties: { severity: rule.severity },
      })),
    },
  };
}

function result(f: Finding, index: ReadonlyMap<string, number>, withBaseline: boolean) {
  return {
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? 0,
    level: f.severity === "error" ? "error" : "warning",
    message: { text: `${objectLabel(f)}${f.path ? ` ${f.path}` : ""}: ${f.message}. Fix: ${f.fix}` },
    locations: [
      { physicalLocation: { artifactLocation: { uri: sarifUri(f.file) }, region: { startLine: Math.max(1, f.line) } } },
    ],
    ...(f.fingerprint ? { partialFingerprints: { [FINGERPRINT_VERSION]: f.fingerprint } } : {}),
    ...(withBaseline ? { baselineState: f.suppression?.kind === "baseline" ? "unchanged" : "new" } : {}),
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: SUPPRESSION_KIND[f.suppression.kind],
              status: "accepted",
              justification: f.suppression.justification,
            },
          ],
        }
      : {}),
  };
}

/** `withBaseline`: the run compared with a baseline, so each result says whether it is new. */
export function sarifReport(
  rules: readonly Rule[],
  results: readonly CheckResult[],
  toolVersion: string,
  withBaseline = false,
): string {
  const findings = results.flatMap((checked) => checked.findings);
  const index = new Map(rules.map((rule, position) => [rule.id, position]));
  const notifications = skippedFiles(results).map((entry) => ({
    level: "note",
    message: { text: `not read: ${entry.reason}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(entry.file) } } }],
  }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: tool(rules, toolVersion),
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: findings.map((f) => result(f, index, withBaseline)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** The run stopped (exit 2): no results, and the error as the invocation's notification. */
export function sarifError(rules: readonly Rule[], message: string, toolVersion: string): string {
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: tool(rules, toolVersion),
        invocations: [
          { executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: message } }] },
        ],
        results: [],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
