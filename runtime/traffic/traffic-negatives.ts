// The traffic checks' live negative cases: a variant of a rendered app Deployment, created beside it under a name of
// its own (so Argo CD, which tracks only what it synced, leaves it alone), breaks one thing Trellis derives; the real
// injector and daprd must then fail it in their own words. Each variant is removed afterwards.
// - negative:sidecar-builtin-secret-store: without `dapr.io/disable-builtin-k8s-secret-store` a pod that mounts no
//   service-account token gets a sidecar that cannot start its built-in Kubernetes secret store, and crash-loops.
// - negative:access-control-deny: the callee's Configuration with a deny default (the form staging and prod render)
//   lets the declared call through and refuses an undeclared one with Dapr's permission error.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Check } from "../../argocd/rehearse/check.ts";
import type { AppModel, EnvironmentModel } from "../../lib/model/types.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { appPod, standInClient, type AppPod, type Kubectl } from "./app-pods.ts";
import { ACCESS_DENIED, lastErrors } from "./daprd-words.ts";
import { sidecarTarget } from "../stand-in/stand-in-plan.ts";

const BUILTIN_STORE_ANNOTATION = "dapr.io/disable-builtin-k8s-secret-store";

export interface NegativeInputs {
  readonly kubectl: Kubectl;
  readonly environment: EnvironmentModel;
  readonly sidecarLog: (namespace: string, pod: string) => Promise<string>;
  /** A folder for the variants' manifests. */
  readonly folder: string;
  readonly say: (line: string) => void;
}

type Json = Record<string, any>;

/** The app's live Deployment and Configuration, renamed to `<app>-<suffix>` and stripped of what the API server and Argo CD wrote. */
async function variant(
  inputs: NegativeInputs,
  app: AppModel,
  suffix: string,
  edit: (deployment: Json, configuration: Json) => void,
): Promise<{ id: string; model: AppModel; remove: () => Promise<void>; error?: string }> {
  const id = `${app.id}-${suffix}`;
  const model = { ...app, id };
  const read = async (kind: string, name: string) => {
    const result = await inputs.kubectl(["get", kind, name, "-n", app.namespace, "-o", "json"]);
    return result.code === 0 ? (JSON.parse(result.stdout) as Json) : undefined;
  };
  const [deployment, configuration] = await Promise.all([
    read("deployment", app.id),
    read("configurations.dapr.io", app.daprConfiguration),
  ]);
  const remove = async () => {
    await inputs.kubectl(["delete", "deployment", id, "-n", app.namespace, "--ignore-not-found", "--wait=false"]);
    await inputs.kubectl(["delete", "configurations.dapr.io", id, "-n", app.namespace, "--ignore-not-found"]);
  };
  if (!deployment || !configuration)
    return { id, model, remove, error: `${app.id}'s Deployment or Configuration is not live` };
  const fresh = (object: Json) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name: id, namespace: app.namespace, labels: { "app.kubernetes.io/name": id } },
    spec: object.spec,
  });
  const [copy, config] = [fresh(deployment), fresh(configuration)];
  copy.spec.selector = { matchLabels: { "app.kubernetes.io/name": id } };
  copy.spec.replicas = 1;
  copy.spec.template.metadata.labels = { ...copy.spec.template.metadata.labels, "app.kubernetes.io/name": id };
  copy.spec.template.metadata.annotations = {
    ...copy.spec.template.metadata.annotations,
    "dapr.io/app-id": id,
    "dapr.io/config": id,
  };
  edit(copy, config);
  const file = join(inputs.folder, `${id}.json`);
  await writeFile(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [config, copy] }));
  const created = await inputs.kubectl(["create", "-f", file]);
  return created.code === 0 ? { id, model, remove } : { id, model, remove, error: created.stderr.trim() };
}

export async function rehearseTrafficNegatives(
  inputs: NegativeInputs,
  pods: ReadonlyMap<string, AppPod>,
): Promise<Check[]> {
  return [await builtinSecretStoreCase(inputs), await accessControlDenyCase(inputs, pods)];
}

/** A pod without a service-account token whose sidecar keeps the built-in Kubernetes secret store. */
async function builtinSecretStoreCase(inputs: NegativeInputs): Promise<Check> {
  const name = "negative:sidecar-builtin-secret-store";
  const app = inputs.environment.apps.find((candidate) => !candidate.mountServiceAccountToken);
  if (!app) return { name, ok: true, detail: "every app mounts its token: no pod to break" };
  inputs.say(`negative: ${app.id} without ${BUILTIN_STORE_ANNOTATION}`);
  const made = await variant(inputs, app, "builtin-store", (deployment) => {
    delete deployment.spec.template.metadata.annotations[BUILTIN_STORE_ANNOTATION];
  });
  try {
    if (made.error) return { name, ok: false, detail: `cannot create the variant: ${made.error}` };
    // Failing, daprd exits and is restarted: the check the variant must fail is the sidecar's readiness.
    const crashed = await waitFor(
      `${made.id}'s sidecar restarts`,
      async () => {
        const pod = await appPod(inputs.kubectl, made.model);
        return pod?.sidecar && pod.sidecar.restarts > 0 && !pod.sidecar.ready ? pod : undefined;
      },
      { deadlineMs: 120_000, intervalMs: 2_000 },
    ).catch(() => undefined);
    if (!crashed)
      return {
        name,
        ok: false,
        detail: `${made.id} (no token, built-in secret store kept): its sidecar did not fail within 120 s`,
      };
    const said = lastErrors(await inputs.sidecarLog(crashed.namespace, crashed.name));
    return {
      name,
      ok: true,
      detail: `${made.id} (no token, built-in secret store kept): sidecar not Ready, ${crashed.sidecar!.restarts} restart(s); daprd said: ${said}`,
    };
  } finally {
    await made.remove();
  }
}

/** A callee whose Configuration denies by default: the declared call passes, an undeclared one is refused. */
async function accessControlDenyCase(inputs: NegativeInputs, pods: ReadonlyMap<string, AppPod>): Promise<Check> {
  const name = "negative:access-control-deny";
  const edge = inputs.environment.invocations[0];
  const callee = inputs.environment.apps.find((app) => app.id === edge?.callee);
  const callerPod = edge && pods.get(edge.caller);
  if (!edge || !callee || !callerPod) return { name, ok: true, detail: "no app declares an invocation" };
  const undeclared = callee.methods.find(
    (method) => !(method.name === edge.method && method.verbs.every((verb) => edge.verbs.includes(verb))),
  );
  const call = undeclared
    ? {
        method: undeclared.name,
        verb: undeclared.verbs.find((verb) => undeclared.name !== edge.method || !edge.verbs.includes(verb))!,
      }
    : { method: edge.method, verb: edge.verbs.includes("DELETE") ? "PATCH" : "DELETE" };
  inputs.say(`negative: ${callee.id}'s Configuration with a deny default`);
  const made = await variant(inputs, callee, "deny", (_deployment, configuration) => {
    configuration.spec.accessControl.defaultAction = "deny";
    for (const policy of configuration.spec.accessControl.policies ?? []) policy.defaultAction = "deny";
  });
  try {
    if (made.error) return { name, ok: false, detail: `cannot create the variant: ${made.error}` };
    const ready = await waitFor(
      `${made.id}'s sidecar Ready`,
      async () => {
        const pod = await appPod(inputs.kubectl, made.model);
        return pod?.sidecar?.ready ? pod : undefined;
      },
      { deadlineMs: 120_000, intervalMs: 2_000 },
    ).catch(() => undefined);
    if (!ready) return { name, ok: false, detail: `${made.id}'s sidecar never became Ready` };
    const target = sidecarTarget(made.id, callee.namespace, edge.callerNamespace);
    const caller = standInClient(callerPod);
    // The operator's `<app>-dapr` Service for the new app id must first reach the caller's resolver, as cluster DNS
    // takes a moment too.
    let declared = await caller.invoke(target, edge.method, edge.verbs[0]!);
    for (let deadline = Date.now() + 60_000; declared.body.includes("no such host") && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      declared = await caller.invoke(target, edge.method, edge.verbs[0]!);
    }
    const refused = await caller.invoke(target, call.method, call.verb);
    const denied = refused.status === 403 && refused.body.includes(ACCESS_DENIED);
    const label = `${edge.caller} → ${made.id} (deny default)`;
    if (declared.status >= 300)
      return {
        name,
        ok: false,
        detail: `${label}: the declared ${edge.verbs[0]} ${edge.method} got ${declared.status} ${declared.body.slice(0, 300)}`,
      };
    return denied
      ? {
          name,
          ok: true,
          detail: `${label}: declared ${edge.verbs[0]} ${edge.method} ${declared.status}; undeclared ${call.verb} ${call.method} refused by the callee's sidecar: ${refused.body.slice(0, 300)}`,
        }
      : {
          name,
          ok: false,
          detail: `${label}: undeclared ${call.verb} ${call.method} got ${refused.status} ${refused.body.slice(0, 300)}`,
        };
  } finally {
    await made.remove();
  }
}
