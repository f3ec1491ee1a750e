// OpenTelemetry Operator annotations of an app's pod template: which Instrumentation to inject, into which container.
import type { AppModel } from "../../lib/model/types.ts";

export function instrumentationAnnotations(app: AppModel): Record<string, string> {
  return {
    [`instrumentation.opentelemetry.io/inject-${app.language}`]: app.instrumentation,
    // The Dapr sidecar shares the pod; without this the operator would instrument the first container it finds.
    "instrumentation.opentelemetry.io/container-names": app.id,
    ...(app.language === "go" && app.executable
      ? { "instrumentation.opentelemetry.io/otel-go-auto-target-exe": app.executable }
      : {}),
  };
}
