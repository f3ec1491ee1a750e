// What the platform adds to Argo CD's own settings: the health check that makes waves between Applications wait,
// annotation tracking, server-side diff, and the ApplicationSet sync policy override.
import { HEALTH_CHECKS } from "./health-checks.ts";

/** Merged into argocd-cm. */
export const ARGOCD_CM: Readonly<Record<string, string>> = {
  ...HEALTH_CHECKS,
  "application.resourceTrackingMethod": "annotation",
};

/** Merged into argocd-cmd-params-cm. */
export const ARGOCD_PARAMS: Readonly<Record<string, string>> = {
  // Diff against the API server's dry-run: fields that admission webhooks default are not drift.
  "controller.diff.server.side": "true",
  // The ApplicationSet's applicationsSync: create-update is honoured only while overrides are allowed (the
  // default without a controller-wide policy); said here so a later --policy cannot silently drop it.
  "applicationsetcontroller.enable.policy.override": "true",
  // A sync waits for each wave's health without end: a child that never becomes Healthy (prod, prune off, an
  // object whose file was removed) would hold the root's sync forever. After an hour the controller ends the
  // operation ("triggered by controller sync timeout"); the child's health message names what holds it, and the
  // next commit or a manual sync starts again. Bounds every sync: the first install of all waves takes minutes.
  "controller.sync.timeout.seconds": "3600",
};
