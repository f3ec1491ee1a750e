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
  /** Oldest Helm major that renders the chart; Argo CD renders with the Helm it bundles. */
  readonly minimumHelm: 3 | 4;
  /** The release the chart installs (its Chart.yaml appVersion), where the rehearsal builds that release. */
  readonly appVersion?: string;
}

/**
 * The Argo CD release the bootstrap installs, from the release's own manifests (their paths in the argo-cd
 * repository at that tag; trellis.config.ts says where to read them), and the Helm it bundles (argo-cd
 * hack/tool-versions.sh). v3.5 is the first Argo CD that bundles Helm 4. No argo-helm chart of appVersion 3.5.x is
 * confirmed here: chart 10.1.1 ships v3.4.4's templates, RBAC and CRDs.
 */
export const ARGOCD = {
  version: "v3.5.1",
  bundledHelm: "4.2.1",
  manifests: { standard: "manifests/install.yaml", ha: "manifests/ha/install.yaml" },
} as const;

/**
 * The components-contrib release the pinned Dapr runtime (CHARTS.dapr, IMAGES.dapr) is built with: the
 * `github.com/dapr/components-contrib` requirement of dapr's go.mod at tag v1.18.3. The component contracts that
 * synth, check and `trellis components` use come from it (runtime/components/contracts/generated, made by
 * `npm run import-components`, which refuses a dapr module whose go.mod names another release). Move it with the
 * Dapr pin, then regenerate (docs/runtime.md, "Component contracts").
 */
export const DAPR_COMPONENTS_CONTRIB = "v1.18.4";

export const CHARTS = {
  /** Dapr control plane; chart version = runtime version. */
  dapr: {
    repoURL: "https://dapr.github.io/helm-charts/",
    chart: "dapr",
    version: "1.18.3",
    namespace: "dapr-system",
    crdGroups: ["dapr.io"],
    largeCrds: false,
    minimumHelm: 3,
  },
  /** External Secrets Operator; its SecretStore CRDs are about 690 kB each. */
  externalSecrets: {
    repoURL: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    namespace: "external-secrets",
    crdGroups: ["external-secrets.io", "generators.external-secrets.io"],
    largeCrds: true,
    minimumHelm: 3,
  },
  /** cert-manager with its CRDs; the OpenTelemetry Operator's webhook certificates come from it. Issuer CRDs are about 330 kB. */
  certManager: {
    repoURL: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
    namespace: "cert-manager",
    crdGroups: ["cert-manager.io", "acme.cert-manager.io"],
    largeCrds: true,
    minimumHelm: 3,
  },
  /** OpenTelemetry Operator 0.158.0. Chart 0.122.0 needs Helm 4: Argo CD 3.5 bundles Helm 4.2.1. Collector CRD is 421 kB. */
  openTelemetryOperator: {
    repoURL: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    chart: "opentelemetry-operator",
    version: "0.122.0",
    appVersion: "0.158.0",
    namespace: "opentelemetry-operator-system",
    crdGroups: ["opentelemetry.io"],
    largeCrds: true,
    minimumHelm: 4,
  },
  /** Grafana Tempo, monolithic (Tempo 2.10.8), from the grafana-community charts. */
  tempo: {
    repoURL: "https://grafana-community.github.io/helm-charts",
    chart: "tempo",
    version: "2.2.4",
    namespace: "monitoring",
    crdGroups: [],
    largeCrds: false,
    minimumHelm: 3,
  },
} as const satisfies Record<string, PinnedChart>;

export const IMAGES = {
  /** Registry and tag of the Dapr control plane and of every injected daprd sidecar. */
  dapr: { registry: "ghcr.io/dapr", tag: "1.18.3" },
  /** The in-cluster Redis of environments that declare one (dev). */
  redis: "docker.io/library/redis:7.4.2-alpine",
  /** The k8s distribution of the collector: it has tail_sampling, loadbalancing and k8sattributes. */
  collector: {
    repository: "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s",
    tag: "0.158.0",
  },
  /** Jaeger v2: an OpenTelemetry Collector distribution with Jaeger's storage and query UI. */
  jaeger: "docker.io/jaegertracing/jaeger:2.20.0",
} as const;
