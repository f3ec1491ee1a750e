// The Dapr control plane: the dapr Helm chart, installed by Argo CD in the operators layer.
import type { Chart } from "cdk8s";
import { renderChartApplication } from "../argocd/render/chart-application.ts";
import type { ApplicationSpecIgnoreDifferences } from "../imports/argoproj.io.ts";
import type { DaprModel, EnvironmentModel } from "../lib/model/types.ts";
import { CHARTS } from "../versions.ts";

/** The subset of the dapr chart's values Trellis sets; every value is explicit so reviewers see it. */
export interface DaprChartValues {
  readonly global: {
    readonly registry: string;
    readonly tag: string;
    readonly logAsJson: boolean;
    readonly ha: {
      readonly enabled: boolean;
      readonly replicaCount: number;
      readonly disruption: { readonly maximumUnavailable: string };
    };
    readonly prometheus: { readonly enabled: boolean };
    readonly mtls: {
      readonly enabled: boolean;
      readonly workloadCertTTL: string;
      readonly allowedClockSkew: string;
      readonly controlPlaneTrustDomain: string;
    };
    readonly actors: { readonly enabled: boolean };
  };
  readonly dapr_operator: { readonly watchInterval: string; readonly maxPodRestartsPerMinute: number };
  readonly dapr_placement: { readonly cluster: { readonly forceInMemoryLog: boolean } };
  readonly dapr_sidecar_injector: { readonly sidecarDropALLCapabilities: boolean };
  readonly dapr_rbac: { readonly secretReader: { readonly enabled: boolean } };
  readonly dapr_scheduler: {
    readonly cluster: {
      readonly storageSize: string;
      readonly inMemoryStorage: boolean;
      readonly storageClassName?: string;
    };
  };
}

export function daprChartValues(dapr: DaprModel): DaprChartValues {
  return {
    global: {
      registry: dapr.registry,
      tag: dapr.version,
      logAsJson: true,
      ha: { enabled: dapr.highAvailability, replicaCount: dapr.replicas, disruption: { maximumUnavailable: "25%" } },
      prometheus: { enabled: true },
      mtls: {
        enabled: true,
        workloadCertTTL: dapr.workloadCertTTL,
        allowedClockSkew: "15m",
        controlPlaneTrustDomain: dapr.trustDomain,
      },
      actors: { enabled: true },
    },
    // The injector's webhook fails open: the watchdog restarts pods that started without a sidecar.
    dapr_operator: { watchInterval: "1m", maxPodRestartsPerMinute: 20 },
    // Dapr's production guidance; the placement tables are rebuilt from the sidecars on restart. The same in every
    // environment, so staging rehearses prod's placement (the mode fixes the StatefulSet's volumeClaimTemplates).
    dapr_placement: { cluster: { forceInMemoryLog: true } },
    // The chart's Role lets every ServiceAccount of `default` read its Secrets: Trellis puts no app there (the
    // AppProject does not even allow the namespace) and grants each secret-store user its own Role instead.
    dapr_rbac: { secretReader: { enabled: false } },
    // daprd needs no Linux capability; dropping them all lets it meet the restricted Pod Security level.
    dapr_sidecar_injector: { sidecarDropALLCapabilities: true },
    dapr_scheduler: {
      cluster: {
        storageSize: dapr.schedulerStorage.size,
        inMemoryStorage: false,
        ...(dapr.schedulerStorage.storageClassName ? { storageClassName: dapr.schedulerStorage.storageClassName } : {}),
      },
    },
  };
}

/** Fields Dapr's own controllers write after install (dapr/dapr#5066, #6467, #3784; reference/dapr.md §5). */
export function daprIgnoreDifferences(dapr: DaprModel): ApplicationSpecIgnoreDifferences[] {
  return [
    {
      group: "apiextensions.k8s.io",
      kind: "CustomResourceDefinition",
      name: "subscriptions.dapr.io",
      jsonPointers: [
        "/spec/conversion/webhook/clientConfig/service/namespace",
        "/spec/conversion/webhook/clientConfig/caBundle",
      ],
    },
    {
      group: "admissionregistration.k8s.io",
      kind: "MutatingWebhookConfiguration",
      name: "dapr-sidecar-injector",
      jsonPointers: ["/webhooks/0/clientConfig/caBundle"],
    },
    { group: "", kind: "Secret", name: "dapr-trust-bundle", namespace: dapr.namespace, jsonPointers: ["/data"] },
    { group: "", kind: "ConfigMap", name: "dapr-trust-bundle", namespace: dapr.namespace, jsonPointers: ["/data"] },
  ];
}

export function renderDaprControlPlane(chart: Chart, environment: EnvironmentModel): void {
  renderChartApplication(chart, environment, {
    name: "dapr",
    chart: CHARTS.dapr,
    values: daprChartValues(environment.dapr),
    ignoreDifferences: daprIgnoreDifferences(environment.dapr),
  });
}
