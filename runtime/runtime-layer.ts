// Runtime layer: the Dapr objects apps depend on, synced after the control plane and before the apps.
import type { LayerRenderer } from "../lib/render/layer-renderer.ts";
import { renderComponent } from "./components/component-object.ts";
import { renderRedis } from "../platform/backends/redis-objects.ts";
import { renderInstrumentation } from "../platform/observability/instrumentation.ts";
import { renderSecretDelivery } from "../platform/secrets/external-secrets.ts";
import { renderConfiguration } from "./configuration.ts";
import { renderResiliency } from "./resiliency-objects.ts";
import { renderSubscription } from "./subscription.ts";

export const runtimeLayer: LayerRenderer = {
  layer: "runtime",
  render(chart, environment) {
    environment.components.forEach((component) => renderComponent(chart, component));
    for (const app of environment.apps) {
      renderConfiguration(chart, app, environment.tracing);
      if (app.resiliency) renderResiliency(chart, app, app.resiliency);
      app.subscriptions.forEach((subscription) => renderSubscription(chart, subscription));
    }
    environment.tracing.instrumentations.forEach((instrumentation) =>
      renderInstrumentation(chart, instrumentation, environment.tracing),
    );
    renderSecretDelivery(chart, environment);
    if (environment.redis) renderRedis(chart, environment.redis);
  },
};
