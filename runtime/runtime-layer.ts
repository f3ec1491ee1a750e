// Runtime layer: the Dapr objects apps share, synced after the control plane and before the apps. Each app's own
// Configuration and Resiliency go with its Deployment (apps/sidecar-settings.ts).
import type { LayerRenderer } from "../lib/render/layer-renderer.ts";
import { renderComponent } from "./components/component-object.ts";
import { renderRedis } from "../platform/backends/redis-objects.ts";
import { renderInstrumentation } from "../platform/observability/instrumentation.ts";
import { renderSecretDelivery } from "../platform/secrets/external-secrets.ts";
import { renderSubscription } from "./subscription.ts";

export const runtimeLayer: LayerRenderer = {
  layer: "runtime",
  render(chart, environment) {
    environment.components.forEach((component) => renderComponent(chart, component));
    for (const app of environment.apps)
      app.subscriptions.forEach((subscription) => renderSubscription(chart, subscription));
    environment.tracing.instrumentations.forEach((instrumentation) =>
      renderInstrumentation(chart, instrumentation, environment.tracing),
    );
    renderSecretDelivery(chart, environment);
    if (environment.redis) renderRedis(chart, environment.redis);
  },
};
