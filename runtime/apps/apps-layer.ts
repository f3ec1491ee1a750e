// Apps layer: everything that runs an app, its own Dapr Configuration and Resiliency too; synced last, so the Dapr
// objects it shares with other apps already exist.
import type { LayerRenderer } from "../../lib/render/layer-renderer.ts";
import { renderDeployment } from "./deployment.ts";
import { renderDisruptionBudget } from "./disruption-budget.ts";
import { renderNetworkPolicy } from "./network-policy.ts";
import { renderService } from "./service.ts";
import { renderSecretReader } from "./secret-reader.ts";
import { renderServiceAccount } from "./service-account.ts";
import { renderSidecarSettings } from "./sidecar-settings.ts";

export const appsLayer: LayerRenderer = {
  layer: "apps",
  render(chart, environment) {
    for (const app of environment.apps) {
      renderServiceAccount(chart, app);
      renderSecretReader(chart, app);
      renderDeployment(chart, app, renderSidecarSettings(chart, app, environment.tracing));
      renderService(chart, app);
      renderDisruptionBudget(chart, app);
      renderNetworkPolicy(chart, app);
    }
  },
};
