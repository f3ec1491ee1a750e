// Grafana Tempo (monolithic chart): receives OTLP from the collectors and keeps traces on a volume.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import { renderChartApplication } from "../../argocd/render/chart-application.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { OTLP_HTTP_PORT, tempoPodLabels } from "../../lib/model/tracing.ts";
import { CHARTS } from "../../versions.ts";

export interface TempoChartValues {
  /** Names the Service `<release>`, the address the collectors export to. */
  readonly fullnameOverride: string;
  readonly tempo: {
    readonly retention: string;
    /** Tempo reports anonymous usage to Grafana Labs by default; the platform sends nothing out. */
    readonly reportingEnabled: boolean;
    readonly receivers: {
      readonly otlp: {
        readonly protocols: {
          readonly grpc: { readonly endpoint: string };
          readonly http: { readonly endpoint: string };
        };
      };
    };
    readonly storage: { readonly trace: { readonly backend: "local" } };
    readonly resources: {
      readonly requests: { readonly cpu: string; readonly memory: string };
      readonly limits: { readonly memory: string };
    };
  };
  readonly persistence: { readonly enabled: boolean; readonly size: string };
}

export function renderTempo(chart: Chart, environment: EnvironmentModel): void {
  const { backend } = environment.tracing;
  if (backend.kind !== "tempo") throw new Error("internal: the tempo chart is rendered only for a Tempo backend");
  const values: TempoChartValues = {
    fullnameOverride: backend.release,
    tempo: {
      retention: backend.retention,
      reportingEnabled: false,
      // The chart deep-merges its default Jaeger receivers back in, and its Service template reads them (jaeger:
      // null makes helm template fail), so Tempo still listens on 6831, 6832, 14250 and 14268. The monitoring
      // namespace denies ingress by default and allow-otlp-from-collectors admits OTLP/gRPC from the exporting
      // collector only (lib/model/platform-ingress.ts): nothing reaches those ports, which
      // test/inventory/tempo-ports.test.ts proves on the rendered chart.
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: `0.0.0.0:${backend.otlpGrpcPort}` },
            http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` },
          },
        },
      },
      storage: { trace: { backend: "local" } },
      resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    },
    persistence: { enabled: true, size: backend.storageSize },
  };
  renderChartApplication(chart, environment, { name: backend.release, chart: CHARTS.tempo, values });
  if (backend.disruptionBudget) {
    // The chart has no PodDisruptionBudget. One pod on a ReadWriteOnce volume: with minAvailable 1 a drain stops
    // and asks, instead of leaving the collectors' queues to cover a move of unknown length.
    new k8s.KubePodDisruptionBudget(chart, constructId("poddisruptionbudget", backend.namespace, backend.release), {
      metadata: { name: backend.release, namespace: backend.namespace },
      spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: tempoPodLabels(backend.release) } },
    });
  }
}
