// The effective-pod model (effective-pods.ts) against the engines it models, in the rehearsal: the real Dapr injector
// and the real OpenTelemetry operator webhook mutate every app pod the real controllers create, so each pod's
// containers and init containers, and daprd's image and security settings, are what the model must predict. The
// model runs over the live objects (the Applications, workloads and Instrumentations the sync created).
import type { Check } from "../../argocd/rehearse/check.ts";
import type { Inventory, InventoryObject } from "../../lib/inventory/inventory.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";
import { effectivePods } from "./effective-pods.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

interface LiveObject {
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string }[];
  };
  readonly spec?: Record<string, any>;
}

/** What the model and the engine must agree on for one pod. */
function shape(spec: Record<string, any>): string {
  const names = (containers: readonly { name: string }[] | undefined) =>
    (containers ?? []).map((container) => container.name).sort();
  const daprd = (spec.containers ?? []).find((container: { name: string }) => container.name === "daprd");
  return JSON.stringify({
    containers: names(spec.containers),
    initContainers: names(spec.initContainers),
    ...(daprd
      ? {
          daprd: {
            image: daprd.image,
            runAsNonRoot: daprd.securityContext?.runAsNonRoot ?? null,
            readOnlyRootFilesystem: daprd.securityContext?.readOnlyRootFilesystem ?? null,
            allowPrivilegeEscalation: daprd.securityContext?.allowPrivilegeEscalation ?? null,
            drop: daprd.securityContext?.capabilities?.drop ?? [],
          },
        }
      : {}),
  });
}

export async function effectivePodsAgreement(kubectl: Kubectl, namespaces: readonly string[]): Promise<Check> {
  const listed = await kubectl([
    "get",
    "applications.argoproj.io,deployments,statefulsets,instrumentations.opentelemetry.io,replicasets,pods",
    "-A",
    "-o",
    "json",
  ]);
  if (listed.code !== 0)
    return { name: "model:effective-pods", ok: false, detail: `cannot list the live objects: ${listed.stderr.trim()}` };
  const items = (JSON.parse(listed.stdout) as { items: LiveObject[] }).items;
  const wrap = (object: LiveObject): InventoryObject => ({
    object: object as unknown as Record<string, any>,
    origin: "cluster",
    source: "cluster",
    application: undefined,
    wave: { application: 0, own: 0 },
    project: undefined,
    namespace: object.metadata.namespace ?? "",
  });
  const inventory: Inventory = {
    environment: "rehearsal",
    objects: items.filter((item) => item.kind !== "Pod" && item.kind !== "ReplicaSet").map(wrap),
    isClusterScoped: (object) => !object.metadata?.namespace,
  };
  const predicted = new Map(
    effectivePods(inventory)
      .filter((effective) => namespaces.includes(effective.workload.namespace))
      .map((effective) => [
        `${effective.workload.object.kind} ${effective.workload.namespace}/${effective.workload.object.metadata.name}`,
        effective.pod.spec,
      ]),
  );
  // A pod's workload: its ReplicaSet's Deployment, or its StatefulSet.
  const replicaSets = new Map(
    items
      .filter((item) => item.kind === "ReplicaSet")
      .map((item) => [`${item.metadata.namespace}/${item.metadata.name}`, item.metadata.ownerReferences?.[0]]),
  );
  const disagreements: string[] = [];
  let compared = 0;
  for (const pod of items.filter((item) => item.kind === "Pod" && namespaces.includes(item.metadata.namespace ?? ""))) {
    const owner = pod.metadata.ownerReferences?.[0];
    const workload = owner?.kind === "ReplicaSet" ? replicaSets.get(`${pod.metadata.namespace}/${owner.name}`) : owner;
    if (!workload) continue;
    const key = `${workload.kind} ${pod.metadata.namespace}/${workload.name}`;
    const model = predicted.get(key);
    if (!model) continue;
    compared += 1;
    const expected = shape(model);
    const actual = shape(pod.spec ?? {});
    if (expected !== actual) disagreements.push(`${key}: the model predicts ${expected}, the webhooks made ${actual}`);
  }
  return {
    name: "model:effective-pods",
    ok: compared > 0 && disagreements.length === 0,
    detail: disagreements.length
      ? disagreements.join("; ")
      : compared
        ? `the effective-pod model agrees with the real Dapr injector and OpenTelemetry webhook on ${compared} pod(s) of ${namespaces.join(", ")}`
        : `no pod of ${namespaces.join(", ")} to compare`,
  };
}
