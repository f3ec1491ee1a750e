// The running pod of each declared app as the API server reports it: its address, and its sidecar's readiness and
// restarts; and a client for the stand-in app in it (stand-in-app.ts), reached on the pod's address.
import type { AppModel } from "../../lib/model/types.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";
import {
  STAND_IN_CONTROL_PORT,
  type Behaviour,
  type CallResult,
  type ReceivedRequest,
} from "../stand-in/stand-in-plan.ts";

export type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

/** The container the Dapr injector adds. */
export const SIDECAR_CONTAINER = "daprd";

export interface AppPod {
  readonly app: string;
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly sidecar: { readonly ready: boolean; readonly restarts: number } | undefined;
  /**
   * Whether the app has other pods than its replicas, such as a previous revision's still shutting down: callers'
   * sidecars may reach those until they are gone.
   */
  readonly rolling: boolean;
}

interface LivePod {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly status?: {
    readonly phase?: string;
    readonly podIP?: string;
    readonly containerStatuses?: readonly {
      readonly name: string;
      readonly ready: boolean;
      readonly restartCount: number;
    }[];
  };
}

/** The app's running pod (the first by name when it has replicas), or undefined when none runs. */
export async function appPod(kubectl: Kubectl, app: AppModel): Promise<AppPod | undefined> {
  const read = await kubectl([
    "get",
    "pods",
    "-n",
    app.namespace,
    "-l",
    `app.kubernetes.io/name=${app.id}`,
    "-o",
    "json",
  ]);
  if (read.code !== 0) return undefined;
  const listed = (JSON.parse(read.stdout) as { items: LivePod[] }).items;
  const pods = listed
    .filter((pod) => !pod.metadata.deletionTimestamp && pod.status?.phase === "Running" && pod.status.podIP)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const pod = pods[0];
  if (!pod) return undefined;
  const sidecar = pod.status?.containerStatuses?.find((status) => status.name === SIDECAR_CONTAINER);
  return {
    app: app.id,
    namespace: app.namespace,
    name: pod.metadata.name,
    ip: pod.status!.podIP!,
    sidecar: sidecar ? { ready: sidecar.ready, restarts: sidecar.restartCount } : undefined,
    rolling: listed.length !== app.replicas,
  };
}

/** Whether the app's Deployment has rolled out its current template to every replica (as `kubectl rollout status`). */
export async function rolledOut(kubectl: Kubectl, app: AppModel): Promise<boolean> {
  const read = await kubectl(["get", "deployment", app.id, "-n", app.namespace, "-o", "json"]);
  if (read.code !== 0) return false;
  const { metadata, spec, status } = JSON.parse(read.stdout) as {
    metadata: { generation?: number };
    spec: { replicas?: number };
    status?: { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number; replicas?: number };
  };
  const replicas = spec.replicas ?? 1;
  return (
    (status?.observedGeneration ?? 0) >= (metadata.generation ?? 0) &&
    status?.updatedReplicas === replicas &&
    status.availableReplicas === replicas &&
    status.replicas === replicas
  );
}

/**
 * Publishes through the pod's own sidecar with an id of the caller's (Dapr's `metadata.cloudevent.id`), so each
 * delivery of the event can be counted exactly.
 */
export function publishWithId(
  pod: AppPod,
  pubsub: string,
  topic: string,
  id: string,
  data: unknown,
): Promise<CallResult> {
  return standInClient(pod).sidecar("POST", `/v1.0/publish/${pubsub}/${topic}?metadata.cloudevent.id=${id}`, data);
}

/** Drives the stand-in app in a pod. */
export interface StandInClient {
  /** Calls an app's method through the pod's own sidecar (`<app>.<namespace>` for another namespace). */
  invoke(target: string, method: string, verb: string): Promise<CallResult>;
  publish(pubsub: string, topic: string, data: unknown): Promise<CallResult>;
  /** A call of the pod's sidecar's own HTTP API (`/v1.0/state/...`), with a JSON body when data is given. */
  sidecar(verb: string, path: string, data?: unknown): Promise<CallResult>;
  behave(behaviour: Behaviour): Promise<void>;
  received(): Promise<readonly ReceivedRequest[]>;
}

export function standInClient(pod: AppPod): StandInClient {
  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`http://${pod.ip}:${STAND_IN_CONTROL_PORT}${path}`, {
      method: body === undefined ? "GET" : "POST",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(40_000),
    });
    if (!response.ok)
      throw new Error(`stand-in ${pod.app} (${pod.ip}) ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    invoke: (target, method, verb) => control("/invoke", { app: target, method, verb }),
    publish: (pubsub, topic, data) => control("/publish", { pubsub, topic, data }),
    sidecar: (verb, path, data) => control("/sidecar", { verb, path, ...(data === undefined ? {} : { data }) }),
    behave: async (behaviour) => void (await control("/behave", { behaviour })),
    received: () => control("/received"),
  };
}
