// cert-manager's images as the rehearsal runs them: each component's binary built from the release source, started
// as the chart starts it, its metrics and health listeners on its pod's address.
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { CERT_MANAGER_VERSION, type CertManagerComponent } from "../../lib/tools/cert-manager.ts";

export function certManagerImages(binaries: Readonly<Record<CertManagerComponent, string>>): ProcessImage[] {
  const image = (
    component: CertManagerComponent,
    extra: (podIp: string) => string[],
    wildcardPorts: number[] = [],
  ) => ({
    image: `quay.io/jetstack/cert-manager-${component}:${CERT_MANAGER_VERSION}`,
    binaries: { [`cert-manager-${component}`]: binaries[component] },
    entrypoint: [`cert-manager-${component}`],
    listenOn: (podIp: string) => ({ args: [`--metrics-listen-address=${podIp}:9402`, ...extra(podIp)] }),
    wildcardPorts,
  });
  return [
    image("controller", (podIp) => [`--internal-healthz-listen-address=${podIp}:9403`]),
    // The webhook's TLS port and health port take no address (pkg/webhook/options).
    image("webhook", () => [], [10250, 6080]),
    image("cainjector", () => []),
  ];
}
