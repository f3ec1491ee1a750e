// Operators layer: the Helm-installed controllers whose CRDs and webhooks later layers need.
import type { LayerRenderer } from "../../lib/render/layer-renderer.ts";
import { renderChartsOf } from "../chart-applications.ts";

export const operatorsLayer: LayerRenderer = {
  layer: "operators",
  render: (chart, environment) => renderChartsOf("operators", chart, environment),
};
