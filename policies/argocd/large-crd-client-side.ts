import { CHARTS_WITH_LARGE_CRDS, CLIENT_SIDE_APPLY_LIMIT } from "../../argocd/argocd-facts.ts";
import { syncOptions } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { applications, chartOf } from "./applications.ts";

export const largeCrdClientSide: Rule = {
  id: "argocd/large-crd-client-side",
  summary: "An Application that installs a CRD over 262,144 bytes without ServerSideApply=true.",
  why: 'Client-side apply stores the object in an annotation limited to 262,144 bytes: "metadata.annotations: Too long" (argo-cd#8128).',
  fix: "Add ServerSideApply=true to the Application's syncOptions.",
  reference: "argoproj/argo-cd#8128",
  severity: "error in every profile",
  upstream: [{ issue: "argoproj/argo-cd#8128" }],
  check(set) {
    const found: Finding[] = [];
    for (const app of applications(set)) {
      if (syncOptions(app).includes("ServerSideApply=true")) continue;
      const chart = chartOf(app);
      if (chart && CHARTS_WITH_LARGE_CRDS.has(chart))
        found.push(
          finding(
            this,
            app,
            "error",
            "spec.syncPolicy.syncOptions",
            `chart ${chart} installs CRDs larger than client-side apply allows`,
          ),
        );
    }
    for (const crd of set.ofKind("CustomResourceDefinition")) {
      const owner = set.owner(crd);
      if (
        JSON.stringify(crd.object).length > CLIENT_SIDE_APPLY_LIMIT &&
        !syncOptions(owner).includes("ServerSideApply=true") &&
        !syncOptions(crd).includes("ServerSideApply=true")
      ) {
        found.push(
          finding(
            this,
            owner ?? crd,
            "error",
            "spec.syncPolicy.syncOptions",
            `CRD ${crd.name} is larger than client-side apply allows`,
          ),
        );
      }
    }
    return found;
  },
};
