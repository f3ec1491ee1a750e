// Values of the Argo CD chart the bootstrap installs: the pinned image, the health checks that make waves
// between Applications wait, and server-side diff.
import { ARGOCD } from "../../versions.ts";
import { HEALTH_CHECKS } from "./health-checks.ts";

export interface ArgoCdChartValues {
  readonly global: { readonly image: { readonly tag: string } };
  readonly crds: { readonly install: boolean; readonly keep: boolean };
  readonly configs: {
    readonly cm: Readonly<Record<string, string>>;
    readonly params: Readonly<Record<string, string>>;
  };
}

export function argoCdValues(): ArgoCdChartValues {
  return {
    global: { image: { tag: ARGOCD.version } },
    // The chart ships an older release's CRDs; the bootstrap applies the pinned release's own (program.ts).
    crds: { install: false, keep: true },
    configs: {
      cm: { ...HEALTH_CHECKS, "application.resourceTrackingMethod": "annotation" },
      // Diff against the API server's dry-run: fields that admission webhooks default are not drift.
      params: { "controller.diff.server.side": "true" },
    },
  };
}
