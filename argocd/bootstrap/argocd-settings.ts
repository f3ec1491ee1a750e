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

/** argocd-cmd-params-cm settings the platform relies on. */
export const ARGOCD_PARAMS: Readonly<Record<string, string>> = {
  // Diff against the API server's dry-run: fields that admission webhooks default are not drift.
  "controller.diff.server.side": "true",
  // The ApplicationSet's applicationsSync: create-update is honoured only while overrides are allowed (the
  // default without a controller-wide policy); said here so a later --policy cannot silently drop it.
  "applicationsetcontroller.enable.policy.override": "true",
};

export function argoCdValues(): ArgoCdChartValues {
  return {
    global: { image: { tag: ARGOCD.version } },
    // The chart ships an older release's CRDs; the bootstrap applies the pinned release's own (program.ts).
    crds: { install: false, keep: true },
    configs: {
      cm: { ...HEALTH_CHECKS, "application.resourceTrackingMethod": "annotation" },
      params: ARGOCD_PARAMS,
    },
  };
}
