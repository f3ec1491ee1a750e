import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";
import { applications } from "./applications.ts";

const PINNED_REVISION = /^(v?\d+\.\d+\.\d+([-+][\w.-]+)?|[0-9a-f]{40})$/;

/** An exact chart version (SemVer 2.0, optional leading v): anything else is a range Helm resolves. */
const EXACT_CHART_VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export const unpinnedSource: Rule = {
  id: "argocd/unpinned-source",
  summary:
    "A Helm chart source whose version is not exact (a range, *, or empty), or, in prod, a git source on HEAD or a branch.",
  why: "What is installed changes without a commit: an upstream release or a push reaches the cluster unreviewed.",
  fix: "Pin charts to an exact version; in prod, pin git sources to a tag or commit.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/tracking_strategies/",
  severity: "charts: warning in dev, error in staging and prod; git sources: error in prod only",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "reposerver/repository/repository.go", line: 2889 },
  ],
  check(set, profile) {
    return applications(set).flatMap((app) => {
      const single = app.object.spec?.source as Source | undefined;
      const sources: { source: Source; path: string }[] = single
        ? [{ source: single, path: "spec.source" }]
        : ((app.object.spec?.sources ?? []) as Source[]).map((source, index) => ({
            source,
            path: `spec.sources[${index}]`,
          }));
      return sources.flatMap(({ source, path }) => {
        const revision = String(source.targetRevision ?? "");
        if (revision.includes("{{")) return [];
        const field = `${path}.targetRevision`;
        if (source.chart) {
          return EXACT_CHART_VERSION.test(revision)
            ? []
            : [
                finding(
                  this,
                  app,
                  strictOutsideDev(profile),
                  field,
                  `chart ${source.chart} is not pinned to an exact version: "${revision}"`,
                ),
              ];
        }
        return profile === "prod" && !PINNED_REVISION.test(revision)
          ? [finding(this, app, "error", field, `git source follows "${revision || "HEAD"}", not a tag or commit`)]
          : [];
      });
    });
  },
};

interface Source {
  readonly chart?: string;
  readonly targetRevision?: string;
  readonly repoURL?: string;
}
