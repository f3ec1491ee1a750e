// Which kinds have no namespace. Built-in kinds are listed; custom kinds are cluster-scoped when their CRD says so.

/** The label Kubernetes puts on every namespace with its own name: what NetworkPolicies select namespaces by. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Built-in and well-known cluster-scoped kinds; anything else is namespaced unless a CRD says otherwise. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "APIService",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "VolumeSnapshotClass",
  "CertificateSigningRequest",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "ClusterIssuer",
  "ClusterSecretStore",
  "ClusterExternalSecret",
  "ClusterObservability",
  "ClusterGenerator",
  "ClusterPushSecret",
]);

/** Cluster-scoped custom kinds ("<group>/<Kind>") declared by the CRDs among the objects. */
export function clusterScopedCustomKinds(objects: readonly Record<string, any>[]): Set<string> {
  const kinds = new Set<string>();
  for (const object of objects) {
    if (object.kind === "CustomResourceDefinition" && object.spec?.scope === "Cluster")
      kinds.add(`${object.spec.group}/${object.spec.names?.kind}`);
  }
  return kinds;
}
