// Which pinned Helm charts an environment installs, and the layer each one belongs to.
import type { Environment } from "./declarations/environment.ts";
import { CHARTS } from "../../versions.ts";
import type { LayerName } from "./layers.ts";

export type ChartName = keyof typeof CHARTS;

/** The layer whose Application installs each chart: CRDs and webhooks before the objects that need them. */
export const CHART_LAYER: Readonly<Record<ChartName, LayerName>> = {
  certManager: "cert-manager",
  dapr: "operators",
  externalSecrets: "operators",
  openTelemetryOperator: "operators",
  tempo: "observability",
};

export function chartsFor(environment: Environment): ChartName[] {
  const charts: ChartName[] = ["certManager", "dapr", "openTelemetryOperator"];
  if (environment.secrets.provider === "external-secrets") charts.push("externalSecrets");
  if (environment.tracing.backend.kind === "tempo") charts.push("tempo");
  return charts.sort();
}
