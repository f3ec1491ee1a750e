// The OpenTelemetry operator's image as the rehearsal runs it: the manager built from the release source, at the
// path the release image puts it, as the release's Dockerfile runs it (USER 65532).
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { OTEL_OPERATOR_VERSION } from "../../lib/tools/otel-operator.ts";

export function otelOperatorImages(manager: string): ProcessImage[] {
  return [
    {
      image: `ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator:${OTEL_OPERATOR_VERSION}`,
      binaries: { "/manager": manager },
      entrypoint: ["/manager"],
      user: { uid: 65532, gid: 65532 },
    },
  ];
}
