// What a Dapr app's secret stores can read: the secret-store Components, the annotation that drops the built-in
// store, whether the pod mounts its ServiceAccount token, and whether that account may get Secrets.
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";
import type { DaprApp } from "./dapr-apps.ts";
import { daprComponents } from "./dapr-components.ts";

export const secretStores = (set: ObjectSet) =>
  daprComponents(set).filter((component) => String(component.object.spec?.type ?? "").startsWith("secretstores."));

/** Whether a Role or ClusterRole rule lets its subject get Secrets. */
const grantsSecretGet = (role: SetObject | undefined) =>
  ((role?.object.rules ?? []) as { apiGroups?: string[]; resources?: string[]; verbs?: string[] }[]).some(
    (rule) =>
      (rule.apiGroups ?? []).some((group) => group === "" || group === "*") &&
      (rule.resources ?? []).some((resource) => resource === "secrets" || resource === "*") &&
      (rule.verbs ?? []).some((verb) => verb === "get" || verb === "*"),
  );

/** Whether the app's ServiceAccount is bound (RoleBinding in its namespace, or ClusterRoleBinding) to a role that may get Secrets. */
export function mayGetSecrets(set: ObjectSet, app: DaprApp): boolean {
  const account = String(app.template.spec.serviceAccountName ?? app.template.spec.serviceAccount ?? "default");
  return [...set.ofKind("RoleBinding"), ...set.ofKind("ClusterRoleBinding")].some((binding) => {
    if (binding.kind === "RoleBinding" && binding.namespace !== app.namespace) return false;
    const subjects = (binding.object.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[];
    if (
      !subjects.some(
        (subject) =>
          subject.kind === "ServiceAccount" &&
          subject.name === account &&
          (subject.namespace ?? binding.namespace) === app.namespace,
      )
    )
      return false;
    const ref = binding.object.roleRef ?? {};
    const role =
      ref.kind === "ClusterRole"
        ? set.find("ClusterRole", "", String(ref.name))[0]
        : set.find("Role", binding.namespace, String(ref.name))[0];
    return grantsSecretGet(role);
  });
}

export const DISABLE_BUILTIN_STORE = "dapr.io/disable-builtin-k8s-secret-store";

/** Whether the pod mounts its ServiceAccount's API token: the pod's setting, else its ServiceAccount's, else yes. */
export function mountsToken(set: ObjectSet, app: DaprApp): boolean {
  const account = String(app.template.spec.serviceAccountName ?? app.template.spec.serviceAccount ?? "default");
  const serviceAccount = set.find("ServiceAccount", app.namespace, account)[0];
  return (
    (app.template.spec.automountServiceAccountToken ?? serviceAccount?.object.automountServiceAccountToken ?? true) !==
    false
  );
}
