// External Secrets' image as the rehearsal runs it: the one binary built from the release source, at the path the
// release image puts it, as the release's Dockerfile runs it (USER 65534; the chart's securityContext overrides it).
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { EXTERNAL_SECRETS_VERSION } from "../../lib/tools/external-secrets.ts";

export function externalSecretsImages(binary: string): ProcessImage[] {
  return [
    {
      image: `ghcr.io/external-secrets/external-secrets:${EXTERNAL_SECRETS_VERSION}`,
      binaries: { "/bin/external-secrets": binary },
      entrypoint: ["/bin/external-secrets"],
      user: { uid: 65534, gid: 65534 },
    },
  ];
}
