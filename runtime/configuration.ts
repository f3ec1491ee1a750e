// The Dapr Configuration each app's sidecar loads (`dapr.io/config`): tracing, metrics, API logging, secret
// scopes and access control.
// No `mtls` here: the control plane's `daprsystem` Configuration carries it (dapr/dapr#8716).
import type { Chart } from "cdk8s";
import { Configuration } from "../imports/dapr.io.ts";
import { constructId } from "../lib/render/layer-renderer.ts";
import { KUBERNETES_SECRET_STORE as BUILTIN_SECRET_STORE } from "../lib/model/resolve.ts";
import type { AppModel, TracingModel } from "../lib/model/types.ts";

export function renderConfiguration(chart: Chart, app: AppModel, tracing: TracingModel): Configuration {
  const { accessControl } = app;
  return new Configuration(chart, constructId("configuration", app.namespace, app.daprConfiguration), {
    metadata: { name: app.daprConfiguration, namespace: app.namespace },
    spec: {
      tracing: {
        samplingRate: String(tracing.samplingRate),
        otel: {
          endpointAddress: `${tracing.gateway.host}:${tracing.gateway.otlpGrpcPort}`,
          isSecure: false,
          protocol: "grpc",
        },
      },
      metric: { enabled: true },
      logging: { apiLogging: { enabled: app.sidecar.apiLogging, omitHealthChecks: true } },
      // Each secret store the app uses answers only for the secrets it declares (dapr/dapr secret scoping); the
      // built-in "kubernetes" store, which the pod annotation turns off, answers for none should it ever load.
      secrets: {
        scopes: [
          ...app.secretStores.map((access) => ({
            storeName: access.store,
            defaultAccess: "deny",
            allowedSecrets: access.secrets.map((secret) => secret.name),
          })),
          ...(app.secretStores.some((access) => access.store === BUILTIN_SECRET_STORE)
            ? []
            : [{ storeName: BUILTIN_SECRET_STORE, defaultAccess: "deny" }]),
        ],
      },
      accessControl: {
        defaultAction: accessControl.defaultAction,
        trustDomain: accessControl.trustDomain,
        policies: accessControl.policies.map((policy) => ({
          appId: policy.appId,
          namespace: policy.namespace,
          trustDomain: policy.trustDomain,
          defaultAction: policy.defaultAction,
          operations: policy.operations.map((operation) => ({
            name: operation.name,
            httpVerb: [...operation.verbs],
            action: "allow",
          })),
        })),
      },
    },
  });
}
