// Grafana Tempo (monolithic chart): receives OTLP from the collectors and keeps traces on a volume.
import type { Chart } from "cdk8s";
import { renderChartApplication } from "../../argocd/render/chart-application.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { OTLP_HTTP_PORT } from "../../lib/model/tracing.ts";
import { CHARTS } from "../../versions.ts";

export interface TempoChartValues {
  /** Names the Service `<release>`, the address the collectors export to. */
  readonly fullnameOverride: string;
  readonly tempo: {
    readonly retention: string;
    readonly receivers: { readonly otlp: { readonly protocols: { readonly grpc: { readonly endpoint: string }; readonly http: { readonly endpoint: string } } } };
    readonly storage: { readonly trace: { readonly backend: "local" } };
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
      // The chart's default Jaeger receivers stay open: the tempo 2.2.4 chart's Service template reads
      // tempo.receivers.jaeger.protocols, and removing them (jaeger: null) makes helm template fail.
      receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${backend.otlpGrpcPort}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } } },
      storage: { trace: { backend: "local" } },
    },
    persistence: { enabled: true, size: backend.storageSize },
  };
  renderChartApplication(chart, environment, { name: backend.release, chart: CHARTS.tempo, values });
}
