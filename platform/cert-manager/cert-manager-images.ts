// cert-manager's images as the rehearsal runs them: each component's binary built from the release source, started
// as the chart starts it.
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import {
  CERT_MANAGER_COMPONENTS,
  CERT_MANAGER_VERSION,
  type CertManagerComponent,
} from "../../lib/tools/cert-manager.ts";

export function certManagerImages(binaries: Readonly<Record<CertManagerComponent, string>>): ProcessImage[] {
  return CERT_MANAGER_COMPONENTS.map((component) => ({
    image: `quay.io/jetstack/cert-manager-${component}:${CERT_MANAGER_VERSION}`,
    binaries: { [`cert-manager-${component}`]: binaries[component] },
    entrypoint: [`cert-manager-${component}`],
  }));
}
