// The composition root: the one place that wires the capabilities into the engine (lib/). Adding a layer, a
// declaration kind, a rule family or a gate is one line here plus its own folder.
import { renderApplicationSet } from "./argocd/render/application-set.ts";
import { healthGate } from "./argocd/gates/health.ts";
import { projectPermissionsGate } from "./argocd/gates/project-permissions-gate.ts";
import { valuesKeysGate } from "./argocd/gates/values-keys.ts";
import { renderEnvironmentDelivery } from "./argocd/render/environment-delivery.ts";
import type { Blueprint } from "./lib/blueprint.ts";
import { certManagerLayer } from "./platform/cert-manager/cert-manager-layer.ts";
import { namespacesLayer } from "./platform/namespaces/namespaces-layer.ts";
import { collectorGate } from "./platform/observability/collector-gate.ts";
import { observabilityLayer } from "./platform/observability/observability-layer.ts";
import { operatorsLayer } from "./platform/operators/operators-layer.ts";
import { appsLayer } from "./runtime/apps/apps-layer.ts";
import { componentCatalogue } from "./runtime/components/component-catalogue.ts";
import { componentContractCheck } from "./runtime/components/contract-check.ts";
import { effectivePodsGate } from "./runtime/gates/effective-pods.ts";
import { networkGate } from "./runtime/gates/network-reachability.ts";
import { runtimeLayer } from "./runtime/runtime-layer.ts";
import { ARGOCD_RULES } from "./policies/argocd/argocd-rules.ts";
import { DAPR_RULES } from "./policies/dapr/dapr-rules.ts";
import { KUBERNETES_RULES } from "./policies/kubernetes/kubernetes-rules.ts";
import { OPENTELEMETRY_RULES } from "./policies/opentelemetry/opentelemetry-rules.ts";
import { SECRET_RULES } from "./policies/secrets/secrets-rules.ts";
import { TRELLIS_RULES } from "./policies/trellis/trellis-rules.ts";
import { ARGOCD, CHARTS, IMAGES } from "./versions.ts";

export const blueprint: Blueprint = {
  releases: [
    { name: "Dapr", version: CHARTS.dapr.version },
    { name: "OpenTelemetry Operator (chart)", version: CHARTS.openTelemetryOperator.version },
    { name: "OpenTelemetry Collector", version: IMAGES.collector.tag },
    { name: "Argo CD", version: ARGOCD.version },
    { name: "cert-manager", version: CHARTS.certManager.version },
    { name: "External Secrets Operator (chart)", version: CHARTS.externalSecrets.version },
    { name: "Tempo (chart)", version: CHARTS.tempo.version },
  ],
  layers: [namespacesLayer, certManagerLayer, operatorsLayer, observabilityLayer, runtimeLayer, appsLayer],
  delivery: { renderEnvironment: renderEnvironmentDelivery, renderShared: renderApplicationSet },
  rules: [
    ...DAPR_RULES,
    ...OPENTELEMETRY_RULES,
    ...ARGOCD_RULES,
    ...KUBERNETES_RULES,
    ...SECRET_RULES,
    ...TRELLIS_RULES,
  ],
  // Loaded when a rehearsal runs: it brings the Pulumi SDK, seconds of loading no other command needs.
  rehearse: async (options) => (await import("./argocd/rehearse/rehearsal-report.ts")).rehearseAndReport(options),
  gates: [projectPermissionsGate, networkGate, valuesKeysGate, healthGate, collectorGate, effectivePodsGate],
  declarationChecks: [componentContractCheck],
  components: componentCatalogue,
};
