// An Argo CD Application that installs one pinned Helm chart with typed values.
import type { Chart } from "cdk8s";
import { Application, type ApplicationSpecIgnoreDifferences } from "../../imports/argoproj.io.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import type { PinnedChart } from "../../versions.ts";
import { applicationSyncPolicy } from "./sync-policy.ts";

/** Deletes what an Application installed when the Application itself is deleted. */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

export interface ChartApplicationProps {
  /** Application and Helm release name. */
  readonly name: string;
  readonly chart: PinnedChart;
  /** The chart's values, typed by the caller. */
  readonly values: object;
  /** Fields the chart's own controllers change at runtime; Argo CD must neither show nor revert them. */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
}

export function renderChartApplication(
  chart: Chart,
  environment: EnvironmentModel,
  props: ChartApplicationProps,
): Application {
  const ignoreDifferences = props.ignoreDifferences ?? [];
  const syncOptions = [
    ...(props.chart.largeCrds ? ["ServerSideApply=true"] : []),
    ...(ignoreDifferences.length > 0 ? ["RespectIgnoreDifferences=true"] : []),
  ];
  return new Application(chart, constructId("application", environment.argocd.namespace, props.name), {
    metadata: {
      name: props.name,
      namespace: environment.argocd.namespace,
      finalizers: [RESOURCES_FINALIZER],
      annotations: { "trellis.io/description": `${props.chart.chart} chart ${props.chart.version}` },
    },
    spec: {
      project: environment.argocd.project,
      source: {
        repoUrl: props.chart.repoURL,
        chart: props.chart.chart,
        targetRevision: props.chart.version,
        helm: { releaseName: props.name, valuesObject: props.values },
      },
      destination: { server: environment.argocd.destinationServer, namespace: props.chart.namespace },
      ...(ignoreDifferences.length > 0 ? { ignoreDifferences: [...ignoreDifferences] } : {}),
      syncPolicy: applicationSyncPolicy(syncOptions, environment.argocd.prune),
    },
  });
}
