// Every upstream chart and image Trellis installs, pinned in one place so an upgrade is one reviewed diff.
// Changing a chart version here changes the Argo CD Application that installs it in every environment.

export interface PinnedChart {
  /** Helm repository URL. */
  readonly repoURL: string;
  readonly chart: string;
  /** Exact chart version: never a range. */
  readonly version: string;
  /** Namespace the release is installed into. */
  readonly namespace: string;
  /** API groups whose CRDs the chart installs; custom resources of these groups must sync in a later wave. */
  readonly crdGroups: readonly string[];
  /** Whether one of its CRDs exceeds the 262,144-byte annotation limit of client-side apply. */
  readonly largeCrds: boolean;
}

export const CHARTS = {
  /** Dapr control plane; chart version = runtime version. */
  dapr: {
    repoURL: "https://dapr.github.io/helm-charts/",
    chart: "dapr",
    version: "1.18.3",
    namespace: "dapr-system",
    crdGroups: ["dapr.io"],
    largeCrds: false,
  },
  /** External Secrets Operator; its SecretStore CRDs are about 690 kB each. */
  externalSecrets: {
    repoURL: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    namespace: "external-secrets",
    crdGroups: ["external-secrets.io", "generators.external-secrets.io"],
    largeCrds: true,
  },
} as const satisfies Record<string, PinnedChart>;

export const IMAGES = {
  /** Registry and tag of the Dapr control plane and of every injected daprd sidecar. */
  dapr: { registry: "ghcr.io/dapr", tag: "1.18.3" },
  /** The in-cluster Redis of environments that declare one (dev). */
  redis: "docker.io/library/redis:7.4.2-alpine",
} as const;
