// The contract of a policy rule: a pure function over an indexed object set that returns findings.
import type { ObjectSet, SetObject } from "./object-set.ts";

export const PROFILES = ["dev", "staging", "prod"] as const;
export type Profile = (typeof PROFILES)[number];
export type Severity = "error" | "warning";

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Field path inside the object, e.g. "spec.metadata[1].value"; empty for the object as a whole. */
  readonly path: string;
  readonly fix: string;
  /** A stable identity across runs (rule, object, field path; never the file or line): what a baseline records. */
  readonly fingerprint?: string;
  /** Set when the finding is accepted: it is still counted and shown as suppressed, but does not fail the run. */
  readonly suppression?: Suppression;
}

/** Why a finding does not count: an annotation on the object, the project's config, or a baseline file. */
export interface Suppression {
  readonly kind: "annotation" | "config" | "baseline";
  readonly justification: string;
}

export interface RuleDoc {
  readonly id: string;
  readonly summary: string;
  /** What goes wrong at runtime when the rule is broken. */
  readonly why: string;
  readonly fix: string;
  /** Upstream issue or documentation behind the rule. */
  readonly reference: string;
  /**
   * Where upstream code or an upstream issue shows the behaviour the rule guards against. Every rule about
   * upstream behaviour names at least one (test/policies/upstream.test.ts); only rules about Trellis's own
   * annotations have none to name.
   */
  readonly upstream?: readonly UpstreamReference[];
  /** Severity per profile, as documented: the rule's findings use it unless a finding says otherwise. */
  readonly severity: string;
}

/**
 * A line of upstream source at the pinned tag (read there, not at a branch), or an upstream issue
 * ("owner/name#number"). Printed in docs/policies.md as a link.
 */
export type UpstreamReference =
  | { readonly repository: string; readonly tag: string; readonly file: string; readonly line: number }
  | { readonly issue: string };

/** A link to the line or issue, for the catalogue. */
export function upstreamLink(reference: UpstreamReference): string {
  if ("issue" in reference) {
    const [repository, number] = reference.issue.split("#");
    return `[${reference.issue}](https://github.com/${repository}/issues/${number})`;
  }
  const { repository, tag, file, line } = reference;
  return `[${repository}@${tag} ${file}:${line}](https://github.com/${repository}/blob/${tag}/${file}#L${line})`;
}

/** What is wrong with a rule's upstream references; empty when each names a repository and a line at a tag, or an issue. */
export function upstreamProblems(rule: Pick<RuleDoc, "id" | "upstream">): string[] {
  const references = rule.upstream ?? [];
  if (references.length === 0) return [`${rule.id} names no upstream code or issue`];
  return references.flatMap((reference) => {
    if ("issue" in reference)
      return /^[\w.-]+\/[\w.-]+#[1-9]\d*$/.test(reference.issue)
        ? []
        : [`${rule.id}: "${reference.issue}" is not owner/name#number`];
    const problems: string[] = [];
    if (!/^[\w.-]+\/[\w.-]+$/.test(reference.repository))
      problems.push(`${rule.id}: repository "${reference.repository}" is not owner/name`);
    // A tag, never a branch: a line number means something only at a fixed revision.
    if (!/^v?\d+\.\d+\.\d+$/.test(reference.tag)) problems.push(`${rule.id}: "${reference.tag}" is not a release tag`);
    if (!/^[\w.\-/]+\.\w+$/.test(reference.file) || reference.file.startsWith("/"))
      problems.push(`${rule.id}: "${reference.file}" is not a file path in the repository`);
    if (!Number.isInteger(reference.line) || reference.line < 1)
      problems.push(`${rule.id}: line ${reference.line} is not a line number`);
    return problems;
  });
}

export interface Rule extends RuleDoc {
  /** `ruleIds`: every rule of the run, for rules about rule names (suppressions). */
  check(set: ObjectSet, profile: Profile, ruleIds: ReadonlySet<string>): readonly Finding[];
}

/** Severity by profile: the same everywhere, or stricter outside dev. */
export const always =
  (severity: Severity) =>
  (_profile: Profile): Severity =>
    severity;
export const strictOutsideDev = (profile: Profile): Severity => (profile === "dev" ? "warning" : "error");

/** A finding about an object, with the rule's id and fix filled in. */
export function finding(
  rule: Pick<Rule, "id" | "fix">,
  on: SetObject,
  severity: Severity,
  path: string,
  message: string,
  fix = rule.fix,
): Finding {
  return {
    rule: rule.id,
    severity,
    message,
    file: on.file,
    line: on.line,
    kind: on.kind,
    namespace: on.namespace,
    name: on.name,
    path,
    fix,
  };
}
