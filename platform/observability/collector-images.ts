// The trace pipeline's images as the rehearsal runs them: the gateway (and sampler) collectors' image is the
// collector built with exactly the components Trellis renders (tools/collector), and Jaeger's image is the Jaeger v2
// the module proxy serves (v2.13.0, older than the pinned image), each at the path and as the user its release image
// has, started by the OpenTelemetry operator's `--config` argument.
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { IMAGES } from "../../versions.ts";

/** Both release images run as this user. */
const COLLECTOR_USER = { uid: 10001, gid: 10001 } as const;

export function traceCollectorImages(binaries: {
  readonly collector: string;
  readonly jaeger: string;
}): ProcessImage[] {
  return [
    {
      image: `${IMAGES.collector.repository}:${IMAGES.collector.tag}`,
      binaries: { "/otelcol-k8s": binaries.collector },
      entrypoint: ["/otelcol-k8s"],
      user: COLLECTOR_USER,
    },
    {
      image: IMAGES.jaeger,
      binaries: { "/cmd/jaeger/jaeger-linux": binaries.jaeger },
      entrypoint: ["/cmd/jaeger/jaeger-linux"],
      user: COLLECTOR_USER,
    },
  ];
}
