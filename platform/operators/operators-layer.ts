// Operators layer: the Helm-installed controllers whose CRDs and webhooks later layers need.
import { renderDaprControlPlane } from "../../runtime/control-plane.ts";
import type { ChartName } from "../../lib/model/charts.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import type { LayerRenderer } from "../../lib/render/layer-renderer.ts";
import { renderExternalSecretsOperator } from "../secrets/external-secrets-operator.ts";
import type { Chart } from "cdk8s";

const CHART_RENDERERS: Readonly<Record<ChartName, (chart: Chart, environment: EnvironmentModel) => void>> = {
  dapr: renderDaprControlPlane,
  externalSecrets: renderExternalSecretsOperator,
};

export const operatorsLayer: LayerRenderer = {
  layer: "operators",
  render(chart, environment) {
    environment.charts.forEach((name) => CHART_RENDERERS[name](chart, environment));
  },
};
