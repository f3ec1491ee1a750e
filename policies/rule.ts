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
  /** Severity per profile, as documented: the rule's findings use it unless a finding says otherwise. */
  readonly severity: string;
}

export interface Rule extends RuleDoc {
  check(set: ObjectSet, profile: Profile): readonly Finding[];
}

/** Severity by profile: the same everywhere, or stricter outside dev. */
export const always = (severity: Severity) => (_profile: Profile): Severity => severity;
export const strictOutsideDev = (profile: Profile): Severity => (profile === "dev" ? "warning" : "error");

/** A finding about an object, with the rule's id and fix filled in. */
export function finding(rule: Pick<Rule, "id" | "fix">, on: SetObject, severity: Severity, path: string, message: string, fix = rule.fix): Finding {
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
