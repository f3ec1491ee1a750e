import { SYNC_WAVE } from "../../lib/policies/object-set.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

export const appsetWaveIgnored: Rule = {
  id: "argocd/appset-wave-ignored",
  summary: "An ApplicationSet whose template sets a sync wave without a RollingSync strategy.",
  why: "Argo CD ignores sync-wave on generated Applications: they all sync at once (argo-cd#17639, #18268).",
  fix: "Order with strategy.type: RollingSync steps, or generate one root Application that holds plain, waved Applications.",
  reference: "argoproj/argo-cd#17639",
  severity: "warning",
  upstream: [{ issue: "argoproj/argo-cd#17639" }],
  check(set) {
    return set
      .ofKind("ApplicationSet", "argoproj.io")
      .filter(
        (appset) =>
          appset.object.spec?.template?.metadata?.annotations?.[SYNC_WAVE] !== undefined &&
          appset.object.spec?.strategy?.type !== "RollingSync",
      )
      .map((appset) =>
        finding(
          this,
          appset,
          "warning",
          `spec.template.metadata.annotations["${SYNC_WAVE}"]`,
          `ApplicationSet ${appset.name} sets a sync wave that Argo CD ignores on generated Applications`,
        ),
      );
  },
};
