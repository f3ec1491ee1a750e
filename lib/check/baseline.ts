// A baseline: today's findings, recorded by fingerprint, so that a later run reports only new ones. Each entry keeps
// what it was about (rule, object, field) for a reader of the file, and the reason it is accepted.
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { compareCodePoints } from "../sort.ts";
import { InputError } from "../manifests/load-manifests.ts";
import { fsProblem } from "../manifests/fs-problem.ts";
import type { Finding } from "../policies/rule.ts";
import type { CheckResult } from "../policies/run.ts";

export const DEFAULT_BASELINE_REASON = "accepted when the baseline was written";

const entrySchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{32}$/, "32 hex digits, as check writes them"),
  rule: z.string(),
  object: z.string(),
  path: z.string(),
  scope: z.string().optional(),
  reason: z.string().trim().min(1, "say why the finding is accepted"),
});
const baselineSchema = z.strictObject({
  version: z.literal(1),
  about: z.string().optional(),
  findings: z.array(entrySchema),
});

export type Baseline = z.output<typeof baselineSchema>;

export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(fsProblem(file, error, "reading"));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}: not a baseline (JSON syntax error: ${error instanceof Error ? error.message : String(error)}); write one with trellis check --write-baseline ${file}`,
    );
  }
  const parsed = baselineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${file}: not a baseline (${issue?.path.join(".") || "(file)"}: ${issue?.message}); write one with trellis check --write-baseline ${file}`,
    );
  }
  return parsed.data;
}

/** Every finding that nothing else suppresses, by fingerprint; a finding already in `previous` keeps its reason. */
export function baselineOf(results: readonly CheckResult[], reason: string, previous: Baseline | undefined): Baseline {
  const reasons = new Map((previous?.findings ?? []).map((entry) => [entry.fingerprint, entry.reason]));
  const entries = new Map<string, Baseline["findings"][number]>();
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.suppression || !finding.fingerprint || entries.has(finding.fingerprint)) continue;
      entries.set(finding.fingerprint, {
        fingerprint: finding.fingerprint,
        rule: finding.rule,
        object: objectName(finding),
        path: finding.path,
        ...(result.scope ? { scope: result.scope } : {}),
        reason: reasons.get(finding.fingerprint) ?? reason,
      });
    }
  }
  return {
    version: 1,
    about:
      "trellis check --baseline: findings accepted as they are, matched by fingerprint (rule, object, field path); only others are reported",
    findings: [...entries.values()].sort((a, b) => compareCodePoints(a.fingerprint, b.fingerprint)),
  };
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (error) {
    throw new InputError(fsProblem(file, error, "writing"));
  }
}

/** Findings the baseline holds are suppressed with its reason; the rest stay as they are. */
export function applyBaseline(results: readonly CheckResult[], baseline: Baseline): CheckResult[] {
  const reasons = new Map(baseline.findings.map((entry) => [entry.fingerprint, entry.reason]));
  const matched = (finding: Finding): Finding => {
    const reason = finding.suppression || !finding.fingerprint ? undefined : reasons.get(finding.fingerprint);
    return reason === undefined ? finding : { ...finding, suppression: { kind: "baseline", justification: reason } };
  };
  return results.map((result) => ({ ...result, findings: result.findings.map(matched) }));
}

function objectName(finding: Finding): string {
  return finding.kind === ""
    ? finding.file
    : `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ""}${finding.name}`;
}
