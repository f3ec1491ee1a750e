// cert-manager layer: certificates for the webhooks the operators layer installs.
import type { LayerRenderer } from "../../lib/render/layer-renderer.ts";
import { renderChartsOf } from "../chart-applications.ts";

export const certManagerLayer: LayerRenderer = {
  layer: "cert-manager",
  render: (chart, environment) => renderChartsOf("cert-manager", chart, environment),
};
