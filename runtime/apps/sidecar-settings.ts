// The app's own Dapr Configuration and Resiliency, synced with its Deployment and one wave before it.
// daprd 1.18.3 hot-reloads both by restarting its runtime in the process (SIGHUP), and after that restart its own
// spans are lost: pkg/diagnostics/tracing.go takes its tracer once from OpenTelemetry's global provider, which binds
// to the first provider only (go.opentelemetry.io/otel v1.44.0 internal/global/state.go), and the restart shuts
// that provider down (pkg/runtime/runtime.go). So a change of either rolls the app's pods instead: their digest is
// in the pod template, and within one Application Argo CD applies them before the Deployment (sync waves).
import { createHash } from "node:crypto";
import type { Chart } from "cdk8s";
import type { AppModel, TracingModel } from "../../lib/model/types.ts";
import { renderConfiguration } from "../configuration.ts";
import { renderResiliency } from "../resiliency-objects.ts";
import { SYNC_WAVE } from "../../lib/manifests/object-facts.ts";

/** The pod template annotation that carries the digest of the app's Configuration and Resiliency. */
export const SIDECAR_SETTINGS_ANNOTATION = "trellis.io/sidecar-settings";

/** Renders the app's Configuration and Resiliency; returns their digest for the pod template. */
export function renderSidecarSettings(chart: Chart, app: AppModel, tracing: TracingModel): string {
  const objects = [
    renderConfiguration(chart, app, tracing),
    ...(app.resiliency ? [renderResiliency(chart, app, app.resiliency)] : []),
  ];
  for (const object of objects) object.metadata.addAnnotation(SYNC_WAVE, "-1");
  const digest = createHash("sha256");
  for (const object of objects) digest.update(JSON.stringify(object.toJson()));
  return digest.digest("hex").slice(0, 16);
}
