// cert-manager, with its CRDs: it issues the OpenTelemetry Operator's webhook certificates.
import type { Chart } from "cdk8s";
import { renderChartApplication } from "../../argocd/render/chart-application.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { CHARTS } from "../../versions.ts";

export interface CertManagerChartValues {
  /** Install the CRDs with the chart, and keep them when the release is deleted (deleting them deletes every certificate). */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** The chart's default is kube-system, which the environment's AppProject does not let it touch. */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
}

export function renderCertManager(chart: Chart, environment: EnvironmentModel): void {
  const values: CertManagerChartValues = {
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace: CHARTS.certManager.namespace } },
  };
  renderChartApplication(chart, environment, { name: "cert-manager", chart: CHARTS.certManager, values });
}
