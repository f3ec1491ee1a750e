// An OpenTelemetryCollector with every field the operator's defaulting webhook would fill written out, so Argo CD sees no drift.
import type { Chart } from "cdk8s";
import {
  OpenTelemetryCollectorV1Beta1,
  OpenTelemetryCollectorV1Beta1SpecManagementState,
  OpenTelemetryCollectorV1Beta1SpecMode,
  OpenTelemetryCollectorV1Beta1SpecPodDisruptionBudgetMaxUnavailable,
  OpenTelemetryCollectorV1Beta1SpecResourcesLimits,
  OpenTelemetryCollectorV1Beta1SpecResourcesRequests,
  OpenTelemetryCollectorV1Beta1SpecUpgradeStrategy,
} from "../../imports/opentelemetry.io.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { CollectorEndpoint } from "../../lib/model/types.ts";
import type { CollectorConfig } from "./collector-config.ts";

export interface CollectorProps {
  readonly endpoint: CollectorEndpoint;
  readonly description: string;
  readonly image: string;
  readonly replicas: number;
  readonly config: CollectorConfig;
  readonly memory: { readonly request: string; readonly limit: string };
  /** Ports the operator cannot derive from the receivers, such as a UI. */
  readonly extraPorts?: readonly { readonly name: string; readonly port: number }[];
}

export function renderCollector(chart: Chart, props: CollectorProps): OpenTelemetryCollectorV1Beta1 {
  const { endpoint } = props;
  return new OpenTelemetryCollectorV1Beta1(
    chart,
    constructId("opentelemetrycollector", endpoint.namespace, endpoint.name),
    {
      metadata: {
        name: endpoint.name,
        namespace: endpoint.namespace,
        annotations: { "trellis.io/description": props.description },
      },
      spec: {
        mode: OpenTelemetryCollectorV1Beta1SpecMode.DEPLOYMENT,
        replicas: props.replicas,
        upgradeStrategy: OpenTelemetryCollectorV1Beta1SpecUpgradeStrategy.AUTOMATIC,
        managementState: OpenTelemetryCollectorV1Beta1SpecManagementState.MANAGED,
        // The operator's NetworkPolicy admits traffic to the collector's declared ports only.
        networkPolicy: { enabled: true },
        image: props.image,
        resources: {
          requests: {
            cpu: OpenTelemetryCollectorV1Beta1SpecResourcesRequests.fromString("100m"),
            memory: OpenTelemetryCollectorV1Beta1SpecResourcesRequests.fromString(props.memory.request),
          },
          limits: { memory: OpenTelemetryCollectorV1Beta1SpecResourcesLimits.fromString(props.memory.limit) },
        },
        ...(props.replicas > 1
          ? {
              podDisruptionBudget: {
                maxUnavailable: OpenTelemetryCollectorV1Beta1SpecPodDisruptionBudgetMaxUnavailable.fromNumber(1),
              },
            }
          : {}),
        ...(props.extraPorts
          ? { ports: props.extraPorts.map((port) => ({ name: port.name, port: port.port, protocol: "TCP" })) }
          : {}),
        config: props.config,
      },
    },
  );
}
