// The OpenTelemetry Operator chart: collectors and auto-instrumentation, webhook certificates from cert-manager.
import type { Chart } from "cdk8s";
import { renderChartApplication } from "../../argocd/render/chart-application.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { CHARTS, IMAGES } from "../../versions.ts";

export interface OpenTelemetryOperatorChartValues {
  readonly manager: {
    /** The k8s distribution: the core one lacks tail_sampling and loadbalancing. */
    readonly collectorImage: { readonly repository: string; readonly tag: string };
    /** Go's eBPF instrumentation is off by default in the operator. */
    readonly autoInstrumentation: { readonly go: { readonly enabled: boolean } };
  };
  readonly admissionWebhooks: {
    readonly certManager: { readonly enabled: boolean };
    readonly autoGenerateCert: { readonly enabled: boolean };
  };
  readonly crds: { readonly create: boolean };
}

export function renderOpenTelemetryOperator(chart: Chart, environment: EnvironmentModel): void {
  const values: OpenTelemetryOperatorChartValues = {
    manager: {
      collectorImage: { repository: IMAGES.collector.repository, tag: IMAGES.collector.tag },
      autoInstrumentation: { go: { enabled: environment.tracing.goAutoInstrumentation } },
    },
    // Helm-generated certificates change on every Argo CD render (opentelemetry-helm-charts#2168); cert-manager's do not.
    admissionWebhooks: { certManager: { enabled: true }, autoGenerateCert: { enabled: false } },
    crds: { create: true },
  };
  renderChartApplication(chart, environment, {
    name: "opentelemetry-operator",
    chart: CHARTS.openTelemetryOperator,
    values,
    // cert-manager's CA injector writes fields the chart does not render. The defaulting webhook's fields need no
    // entry: the bootstrap turns server-side diff on for every Application (controller.diff.server.side).
    ignoreDifferences: [
      ...(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"] as const).map((kind) => ({
        group: "admissionregistration.k8s.io",
        kind,
        jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"],
      })),
      {
        group: "apiextensions.k8s.io",
        kind: "CustomResourceDefinition",
        name: "opentelemetrycollectors.opentelemetry.io",
        jqPathExpressions: [".spec.conversion.webhook?.clientConfig?.caBundle"],
      },
    ],
  });
}
