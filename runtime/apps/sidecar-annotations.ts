// The Dapr sidecar-injector annotations of an app's pod template, all derived from the model.
import type { AppModel } from "../../lib/model/types.ts";

export function sidecarAnnotations(app: AppModel): Record<string, string> {
  const { sidecar } = app;
  const annotations: Record<string, string> = {
    "dapr.io/enabled": "true",
    "dapr.io/app-id": app.id,
    "dapr.io/app-port": String(app.port),
    "dapr.io/app-protocol": app.protocol,
    "dapr.io/config": app.daprConfiguration,
    "dapr.io/log-level": sidecar.logLevel,
    "dapr.io/log-as-json": "true",
    "dapr.io/graceful-shutdown-seconds": String(sidecar.gracefulShutdownSeconds),
    "dapr.io/env": `GOMEMLIMIT=${sidecar.goMemLimit}`,
    "dapr.io/sidecar-cpu-request": sidecar.resources.cpu.request,
    "dapr.io/sidecar-memory-request": sidecar.resources.memory.request,
    "dapr.io/sidecar-memory-limit": sidecar.resources.memory.limit,
    // daprd adds the built-in "kubernetes" secret store in Kubernetes mode and exits when its init fails, which it
    // does without the API token most pods do not mount (dapr/dapr v1.18.3 pkg/runtime/runtime.go). No Trellis app
    // reads secrets through it: apps read them through the secret-store components they declare, and Components'
    // secretKeyRefs to "kubernetes" are resolved by the operator, not the sidecar.
    "dapr.io/disable-builtin-k8s-secret-store": "true",
  };
  if (sidecar.resources.cpu.limit) annotations["dapr.io/sidecar-cpu-limit"] = sidecar.resources.cpu.limit;
  if (sidecar.apiLogging) annotations["dapr.io/enable-api-logging"] = "true";
  if (sidecar.appHealthCheckPath) {
    annotations["dapr.io/enable-app-health-check"] = "true";
    annotations["dapr.io/app-health-check-path"] = sidecar.appHealthCheckPath;
  }
  return annotations;
}
