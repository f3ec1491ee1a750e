// Runtime layer: the Dapr objects apps depend on, synced after the control plane and before the apps.
import type { LayerRenderer } from "../lib/render/layer-renderer.ts";
import { renderComponent } from "../components/render/component.ts";
import { renderConfiguration } from "./configuration.ts";

export const runtimeLayer: LayerRenderer = {
  layer: "runtime",
  render(chart, environment) {
    environment.components.forEach((component) => renderComponent(chart, component));
    environment.apps.forEach((app) => renderConfiguration(chart, app));
  },
};
