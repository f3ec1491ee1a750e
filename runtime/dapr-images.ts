// The Dapr control plane's images as the rehearsal runs them: each component's binary, built from the pinned
// github.com/dapr/dapr module, at the path the release image puts it (/operator, /sentry, ...), started as the chart
// starts it.
import type { ProcessImage } from "../lib/cluster/process-image.ts";
import { DAPR_CONTROL_PLANE, DAPR_VERSION, type DaprControlPlaneComponent } from "../lib/tools/dapr.ts";
import { IMAGES } from "../versions.ts";

export function daprControlPlaneImages(binaries: Readonly<Record<DaprControlPlaneComponent, string>>): ProcessImage[] {
  return DAPR_CONTROL_PLANE.map((component) => ({
    image: `${IMAGES.dapr.registry}/${component}:${DAPR_VERSION}`,
    binaries: { [`/${component}`]: binaries[component] },
    entrypoint: [`/${component}`],
    // docker/Dockerfile of the release: distroless nonroot.
    user: { uid: 65532, gid: 65532 },
  }));
}
