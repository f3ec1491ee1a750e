// The Dapr Configuration each app's sidecar loads (`dapr.io/config`): metrics and API logging.
import type { Chart } from "cdk8s";
import { Configuration } from "../imports/dapr.io.ts";
import { constructId } from "../lib/render/layer-renderer.ts";
import type { AppModel } from "../lib/model/types.ts";

export function renderConfiguration(chart: Chart, app: AppModel): Configuration {
  return new Configuration(chart, constructId("configuration", app.namespace, app.daprConfiguration), {
    metadata: { name: app.daprConfiguration, namespace: app.namespace },
    spec: {
      metric: { enabled: true },
      logging: { apiLogging: { enabled: app.sidecar.apiLogging, omitHealthChecks: true } },
    },
  });
}
