// Each pinned chart's renderer; a layer renders the charts the model assigns to it.
import type { Chart } from "cdk8s";
import { CHART_LAYER, type ChartName } from "../lib/model/charts.ts";
import type { LayerName } from "../lib/model/layers.ts";
import type { EnvironmentModel } from "../lib/model/types.ts";
import { renderDaprControlPlane } from "../runtime/dapr-control-plane.ts";
import { renderCertManager } from "./cert-manager/cert-manager-chart.ts";
import { renderTempo } from "./observability/tempo-chart.ts";
import { renderOpenTelemetryOperator } from "./observability/operator-chart.ts";
import { renderExternalSecretsOperator } from "./secrets/external-secrets-operator.ts";

const CHART_RENDERERS: Readonly<Record<ChartName, (chart: Chart, environment: EnvironmentModel) => void>> = {
  certManager: renderCertManager,
  dapr: renderDaprControlPlane,
  externalSecrets: renderExternalSecretsOperator,
  openTelemetryOperator: renderOpenTelemetryOperator,
  tempo: renderTempo,
};

export function renderChartsOf(layer: LayerName, chart: Chart, environment: EnvironmentModel): void {
  environment.charts
    .filter((name) => CHART_LAYER[name] === layer)
    .forEach((name) => CHART_RENDERERS[name](chart, environment));
}
