import { IGNORE_ANNOTATION, parseIgnore } from "../../lib/policies/ignore-annotation.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

export const ignoreInvalid: Rule = {
  id: "trellis/ignore-invalid",
  summary: `A ${IGNORE_ANNOTATION} annotation without a reason, or naming a rule that does not exist.`,
  why: "A suppression nobody can explain outlives its cause; one naming a misspelt rule silences nothing while looking as if it did.",
  fix: `Write the annotation as "<rule-id>[,<rule-id>]: <why the finding is accepted>", with rule ids from this catalogue.`,
  reference: "docs/policies.md#suppressing-a-finding",
  severity: "error in every profile",
  check(set, _profile, known) {
    return set.objects.flatMap((object) => {
      const annotations = object.object.metadata?.annotations;
      if (!annotations || typeof annotations !== "object" || !Object.hasOwn(annotations, IGNORE_ANNOTATION)) return [];
      return parseIgnore(annotations[IGNORE_ANNOTATION], known).problems.map((problem) =>
        finding(
          this,
          object,
          "error",
          `metadata.annotations["${IGNORE_ANNOTATION}"]`,
          `${problem}; nothing on ${object.kind} ${object.name} is suppressed by it`,
        ),
      );
    });
  },
};
