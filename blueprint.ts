// The composition root: the one place that wires the capabilities into the engine (lib/). Adding a layer, a
// declaration kind, a rule family or a gate is one line here plus its own folder.
import type { Blueprint } from "./lib/blueprint.ts";
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
};
