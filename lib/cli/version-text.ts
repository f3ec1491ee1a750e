// `trellis --version`: Trellis's own version, the upstream releases the blueprint pins, and the engines the CLI
// finds or builds to check its output, one per line.
import type { Blueprint, PinnedRelease } from "../blueprint.ts";
import { ACTIONLINT } from "../tools/actionlint.ts";
import { ARGOCD_HEALTH } from "../tools/argocd-health.ts";
import { COLLECTOR } from "../tools/collector.ts";
import { ETCD_VERSION, KUBERNETES_VERSION } from "../tools/control-plane.ts";
import { HELM } from "../tools/helm.ts";
import { JAEGER } from "../tools/jaeger.ts";
import { KUBECONFORM } from "../tools/kubeconform.ts";
import { KUSTOMIZE } from "../tools/kustomize.ts";
import { KWOK } from "../tools/kwok.ts";
import { KUBERNETES_PROVIDER_VERSION, PULUMI_VERSION } from "../tools/pulumi.ts";
import { TRELLIS_VERSION } from "../version.ts";

/** Each engine the gates, rehearsals and tests run, at the version Trellis pins (lib/tools/). */
export const ENGINE_VERSIONS: readonly PinnedRelease[] = [
  { name: "Kubernetes (local cluster, kubectl)", version: KUBERNETES_VERSION },
  { name: "etcd", version: ETCD_VERSION },
  { name: "kwok (local cluster nodes)", version: KWOK.version },
  { name: "Helm", version: HELM.version },
  { name: "kubeconform", version: KUBECONFORM.version },
  { name: "kustomize", version: KUSTOMIZE.version },
  { name: "actionlint", version: ACTIONLINT.version },
  { name: "Argo CD health engine", version: ARGOCD_HEALTH.version },
  { name: "OpenTelemetry Collector (config check)", version: COLLECTOR.version },
  { name: "Jaeger (config check)", version: JAEGER.version },
  { name: "Pulumi", version: PULUMI_VERSION },
  { name: "Pulumi Kubernetes provider", version: KUBERNETES_PROVIDER_VERSION },
];

export function versionText(blueprint: Blueprint): string {
  const rows = [...blueprint.releases, ...ENGINE_VERSIONS];
  const width = Math.max(...rows.map((row) => row.name.length));
  const line = (row: PinnedRelease) => `  ${row.name.padEnd(width)}  ${row.version}`;
  return [
    `trellis ${TRELLIS_VERSION}`,
    "pinned releases:",
    ...blueprint.releases.map(line),
    "engines:",
    ...ENGINE_VERSIONS.map(line),
    `  ${"Node.js".padEnd(width)}  ${process.version}`,
    "",
  ].join("\n");
}
