// The External Secrets Operator chart, for environments whose secrets come from a vault.
import type { Chart } from "cdk8s";
import { renderChartApplication } from "../../argocd/render/chart-application.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { CHARTS } from "../../versions.ts";

/** Service account of the operator's controller; the ClusterSecretStore logs in to Vault as it. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = {
  name: "external-secrets",
  namespace: CHARTS.externalSecrets.namespace,
} as const;

export interface ExternalSecretsChartValues {
  readonly installCRDs: boolean;
  readonly fullnameOverride: string;
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
}

export function renderExternalSecretsOperator(chart: Chart, environment: EnvironmentModel): void {
  const values: ExternalSecretsChartValues = {
    installCRDs: true,
    fullnameOverride: "external-secrets",
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT.name },
  };
  renderChartApplication(chart, environment, {
    name: "external-secrets",
    chart: CHARTS.externalSecrets,
    values,
    // The operator's cert controller writes the CA bundle into its webhooks (external-secrets#1026). Its CRDs have
    // no conversion webhook to patch: chart 2.9.0 leaves crds.conversion.enabled false.
    ignoreDifferences: ["secretstore-validate", "externalsecret-validate"].map((name) => ({
      group: "admissionregistration.k8s.io",
      kind: "ValidatingWebhookConfiguration",
      name,
      jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"],
    })),
  });
}
