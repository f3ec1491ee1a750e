// Secret delivery through the External Secrets Operator: one ClusterSecretStore per environment and
// one ExternalSecret per Secret the rendered objects read. Only references are rendered, never values.
import type { Chart } from "cdk8s";
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderVaultVersion,
  ExternalSecret,
  ExternalSecretSpecDataRemoteRefConversionStrategy,
  ExternalSecretSpecDataRemoteRefDecodingStrategy,
  ExternalSecretSpecDataRemoteRefMetadataPolicy,
  ExternalSecretSpecDataRemoteRefNullBytePolicy,
  ExternalSecretSpecRefreshPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from "../../imports/external-secrets.io.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { EnvironmentModel, SecretModel, SecretsModel } from "../../lib/model/types.ts";
import { EXTERNAL_SECRETS_SERVICE_ACCOUNT } from "./external-secrets-operator.ts";
import { SYNC_WAVE } from "../../lib/manifests/object-facts.ts";

type ExternalDelivery = Extract<SecretsModel["delivery"], { provider: "external-secrets" }>;

export function renderSecretDelivery(chart: Chart, environment: EnvironmentModel): void {
  const { delivery, secrets } = environment.secrets;
  // Bootstrap delivery: the Pulumi program creates the Secrets; nothing is rendered for them.
  if (delivery.provider !== "external-secrets") return;
  renderClusterSecretStore(chart, delivery, [...new Set(secrets.map((secret) => secret.namespace))].sort());
  secrets.forEach((secret) => renderExternalSecret(chart, secret, delivery));
}

/** The store answers only ExternalSecrets in the namespaces that read Secrets; any other namespace is refused. */
function renderClusterSecretStore(
  chart: Chart,
  delivery: ExternalDelivery,
  namespaces: readonly string[],
): ClusterSecretStore {
  return new ClusterSecretStore(chart, constructId("clustersecretstore", undefined, delivery.clusterSecretStore), {
    metadata: {
      name: delivery.clusterSecretStore,
      // A wave before the ExternalSecrets: Argo CD waits until the store is Ready (its health check reads the Ready
      // condition). In one wave, External Secrets first answers "could not get ClusterSecretStore", the ExternalSecrets
      // turn Degraded and the parent's sync can fail once (seen in the rehearsal of staging and prod).
      annotations: { [SYNC_WAVE]: "-1" },
    },
    spec: {
      conditions: [{ namespaces: [...namespaces] }],
      provider: {
        vault: {
          server: delivery.vault.server,
          path: delivery.vault.path,
          version: ClusterSecretStoreSpecProviderVaultVersion.V2,
          auth: {
            kubernetes: {
              mountPath: delivery.vault.authMountPath,
              role: delivery.vault.role,
              serviceAccountRef: { ...EXTERNAL_SECRETS_SERVICE_ACCOUNT },
            },
          },
        },
      },
    },
  });
}

/** Every field the operator would default is written out, so Argo CD sees no drift. */
function renderExternalSecret(chart: Chart, secret: SecretModel, delivery: ExternalDelivery): ExternalSecret {
  return new ExternalSecret(chart, constructId("externalsecret", secret.namespace, secret.name), {
    metadata: {
      name: secret.name,
      namespace: secret.namespace,
      annotations: { "trellis.io/read-by": secret.readers.join(", ") },
    },
    spec: {
      secretStoreRef: {
        kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
        name: delivery.clusterSecretStore,
      },
      refreshPolicy: ExternalSecretSpecRefreshPolicy.PERIODIC,
      refreshInterval: delivery.refreshInterval,
      target: {
        name: secret.name,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
      },
      data: secret.keys.map((key) => ({
        secretKey: key,
        remoteRef: {
          key: `${delivery.remoteKeyPrefix}${secret.name}`,
          property: key,
          conversionStrategy: ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT,
          decodingStrategy: ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE,
          metadataPolicy: ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE,
          // A secret with NUL bytes is corrupt for every reader here: fail the sync instead of delivering it.
          nullBytePolicy: ExternalSecretSpecDataRemoteRefNullBytePolicy.FAIL,
        },
      })),
    },
  });
}
