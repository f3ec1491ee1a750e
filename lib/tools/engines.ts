// Every upstream engine the gates and tests run, found or built once and cached: the one list of them.
import { phase } from "../telemetry/phases.ts";
import { ACTIONLINT } from "./actionlint.ts";
import { ensureArgoCd } from "./argocd.ts";
import { ensureCertManager, type CertManagerComponent } from "./cert-manager.ts";
import { ensureArgoCdHealth } from "./argocd-health.ts";
import { ensureClusterNodes } from "./cluster-controllers.ts";
import { ensureCollector } from "./collector.ts";
import { ensureControlPlane, type ControlPlaneBinaries } from "./control-plane.ts";
import { ensureDaprControlPlane, ensureDaprd, type DaprControlPlaneComponent } from "./dapr.ts";
import { ensureOtelOperator } from "./otel-operator.ts";
import { ensureGoTool } from "./go-tool.ts";
import { ensureHelm } from "./helm.ts";
import { ensureJaeger } from "./jaeger.ts";
import { KUBECONFORM } from "./kubeconform.ts";
import { KUSTOMIZE } from "./kustomize.ts";
import type { ClusterNodes } from "./local-cluster.ts";
import { ensurePulumi, type PulumiEngine } from "./pulumi.ts";

export interface Engines {
  readonly kubeconform: string;
  readonly kustomize: string;
  readonly actionlint: string;
  readonly controlPlane: ControlPlaneBinaries;
  /** What turns the control plane into a cluster with a node: controller manager, scheduler, kwok. */
  readonly clusterNodes: ClusterNodes;
  readonly helm: string;
  readonly argocdHealth: string;
  readonly collector: string;
  readonly jaeger: string;
  readonly pulumi: PulumiEngine;
  /** Argo CD itself, built from its release source. */
  readonly argocd: string;
  readonly certManager: Readonly<Record<CertManagerComponent, string>>;
  readonly daprControlPlane: Readonly<Record<DaprControlPlaneComponent, string>>;
  readonly daprd: string;
  readonly otelOperator: string;
}

/** Every engine's phase name: callers show it as progress (lib/telemetry/progress.ts). */
export const ENGINE_PHASE = "trellis.engine";

/**
 * Finds or builds each engine in turn, each step a phase; says how long it all took. `sources`: the folder of release
 * source archives (the config's engines.sources, resolved).
 */
export async function ensureEngines(log: (line: string) => void, sources: string): Promise<Engines> {
  const started = performance.now();
  const step = <T>(name: string, action: () => Promise<T>): Promise<T> =>
    phase(ENGINE_PHASE, { "trellis.engine": name }, action);
  const engines = {
    kubeconform: await step("kubeconform", () => ensureGoTool(KUBECONFORM, log)),
    kustomize: await step("kustomize", () => ensureGoTool(KUSTOMIZE, log)),
    actionlint: await step("actionlint", () => ensureGoTool(ACTIONLINT, log)),
    controlPlane: await step("kube-apiserver, kubectl, etcd", () => ensureControlPlane(log)),
    clusterNodes: await step("kube-controller-manager, kube-scheduler, kwok", () => ensureClusterNodes(log)),
    helm: await step("helm", () => ensureHelm(log)),
    argocdHealth: await step("argocd-health", () => ensureArgoCdHealth(log)),
    collector: await step("collector", () => ensureCollector(log)),
    jaeger: await step("jaeger", () => ensureJaeger(log)),
    pulumi: await step("pulumi, its Node.js language host and Kubernetes provider", () => ensurePulumi(log)),
    argocd: await step("argocd", () => ensureArgoCd(sources, log)),
    certManager: await step("cert-manager controller, webhook, cainjector", () => ensureCertManager(sources, log)),
    daprControlPlane: await step("Dapr operator, sentry, placement, scheduler, injector", () =>
      ensureDaprControlPlane(sources, log),
    ),
    daprd: await step("daprd, every component", () => ensureDaprd(sources, log)),
    otelOperator: await step("OpenTelemetry operator", () => ensureOtelOperator(sources, log)),
  };
  log(`engines: all ready (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  return engines;
}
