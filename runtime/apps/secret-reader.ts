// The Kubernetes secret store reads Secrets with the app's own ServiceAccount: a Role that may get exactly the
// Secrets the app declares, bound to that ServiceAccount. No Role when the app reads none.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { AppModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { appLabels } from "./labels.ts";

export function renderSecretReader(chart: Chart, app: AppModel): void {
  const names = [
    ...new Set(
      app.secretStores
        .filter((access) => access.kubernetes)
        .flatMap((access) => access.secrets.map((secret) => secret.name)),
    ),
  ].sort();
  if (names.length === 0) return;
  const name = `${app.id}-secret-reader`;
  new k8s.KubeRole(chart, constructId("role", app.namespace, name), {
    metadata: { name, namespace: app.namespace, labels: appLabels(app) },
    rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: names, verbs: ["get"] }],
  });
  new k8s.KubeRoleBinding(chart, constructId("rolebinding", app.namespace, name), {
    metadata: { name, namespace: app.namespace, labels: appLabels(app) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ kind: "ServiceAccount", name: app.id, namespace: app.namespace }],
  });
}
