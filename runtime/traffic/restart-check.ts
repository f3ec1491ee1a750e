// restart:consumer: a subscriber's pod (its app and its sidecar) is deleted and, once it is gone, its topic gets events;
// the Deployment's new pod must get every one of them, at least once, with no step by hand.
// Each event carries its own CloudEvent id (Dapr's `metadata.cloudevent.id`), so the count is exact. The broker keeps
// running: whether dev's in-cluster Redis keeps messages across its own restart is said in docs/runtime.md.
import type { Check } from "../../argocd/rehearse/check.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { hostAccepts, waitFor } from "../../lib/tools/processes.ts";
import { appPod, publishWithId, standInClient, type AppPod, type Kubectl } from "./app-pods.ts";
import { dataMatching } from "./route-rules.ts";

const BEFORE = 5;
/** daprd's HTTP API and internal gRPC ports: while either accepts, the old sidecar runs. */
const SIDECAR_PORTS = [3500, 50002];
const WHILE_DOWN = 10;

export async function restartCheck(
  kubectl: Kubectl,
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
  say: (line: string) => void,
): Promise<Check> {
  const name = "restart:consumer";
  const topic = environment.topics.find(
    (candidate) =>
      candidate.publishers.some((app) => pods.has(app)) && candidate.subscribers.some((app) => pods.has(app)),
  );
  if (!topic) return { name, ok: true, detail: "no declared topic has a running publisher and subscriber" };
  const publisher = pods.get(topic.publishers.find((app) => pods.has(app))!)!;
  const subscriberApp = environment.apps.find((app) => topic.subscribers.includes(app.id) && pods.has(app.id))!;
  const subscriber = pods.get(subscriberApp.id)!;
  // Data every rule of the subscription can evaluate (see pubsub:delivery).
  const rules =
    subscriberApp.subscriptions.find((s) => s.pubsub === topic.pubsub && s.topic === topic.topic)?.rules ?? [];
  const data = Object.assign({}, ...rules.map((rule) => dataMatching(rule.match) ?? {})) as Record<string, string>;
  const run = Date.now().toString(36);
  const publish = async (index: number) => {
    const id = `rehearsal-${run}-${index}`;
    const result = await publishWithId(publisher, topic.pubsub, topic.topic, id, data);
    return result.status < 300 ? id : `${id}: ${result.status} ${result.body.slice(0, 200)}`;
  };
  const receivedIds = async (pod: AppPod) =>
    new Set(
      (
        await standInClient(pod)
          .received()
          .catch(() => [])
      ).flatMap((request) => (request.eventId ? [request.eventId] : [])),
    );

  const first = await Promise.all(Array.from({ length: BEFORE }, (_, index) => publish(index)));
  const arrived = await waitFor(
    `the first ${BEFORE} events at ${subscriber.app}`,
    async () => {
      const ids = await receivedIds(subscriber);
      return first.every((id) => ids.has(id)) ? true : undefined;
    },
    { deadlineMs: 30_000, intervalMs: 500 },
  ).catch(() => false);
  if (!arrived)
    return {
      name,
      ok: false,
      detail: `the first ${BEFORE} events did not reach ${subscriber.app}: ${first.join(", ")}`,
    };

  say(`restart: deleting ${subscriber.namespace}/${subscriber.name}; ${topic.topic} then gets ${WHILE_DOWN} events`);
  const started = Date.now();
  const deleted = await kubectl(["delete", "pod", subscriber.name, "-n", subscriber.namespace, "--wait=false"]);
  if (deleted.code !== 0)
    return { name, ok: false, detail: `cannot delete ${subscriber.name}: ${deleted.stderr.trim()}` };
  // Until the old sidecar has exited (its graceful shutdown outlives the pod object) it may still take and
  // acknowledge events; those published after are the replacement's alone.
  const gone = await waitFor(
    `${subscriber.name}'s sidecar gone`,
    async () => {
      const read = await kubectl([
        "get",
        "pod",
        subscriber.name,
        "-n",
        subscriber.namespace,
        "--ignore-not-found",
        "-o",
        "name",
      ]);
      if (read.code !== 0 || read.stdout.trim() !== "") return undefined;
      const open = await Promise.all(SIDECAR_PORTS.map((port) => hostAccepts(subscriber.ip, port)));
      return open.some(Boolean) ? undefined : true;
    },
    { deadlineMs: 90_000, intervalMs: 500 },
  ).catch(() => false);
  if (!gone)
    return { name, ok: false, detail: `${subscriber.name}'s sidecar was not gone within 90 s of its deletion` };
  const published: string[] = [];
  for (let index = BEFORE; index < BEFORE + WHILE_DOWN; index += 1) published.push(await publish(index));
  const refused = published.filter((id) => id.includes(":"));
  if (refused.length > 0) return { name, ok: false, detail: `publishing failed: ${refused.join("; ")}` };

  const replacement = await waitFor(
    `a new ${subscriber.app} pod with a Ready sidecar`,
    async () => {
      const pod = await appPod(kubectl, subscriberApp);
      return pod && pod.name !== subscriber.name && pod.sidecar?.ready ? pod : undefined;
    },
    { deadlineMs: 180_000, intervalMs: 2_000 },
  ).catch(() => undefined);
  if (!replacement) return { name, ok: false, detail: `no new ${subscriber.app} pod became Ready within 180 s` };
  let missing: string[] = published;
  await waitFor(
    `every event published while ${subscriber.app} was gone`,
    async () => {
      const ids = await receivedIds(replacement);
      missing = published.filter((id) => !ids.has(id));
      return missing.length === 0 ? true : undefined;
    },
    { deadlineMs: 120_000, intervalMs: 1_000 },
  ).catch(() => undefined);
  const seconds = Math.round((Date.now() - started) / 1000);
  return missing.length === 0
    ? {
        name,
        ok: true,
        detail: `${subscriber.app}'s pod deleted; its replacement ${replacement.name} got all ${WHILE_DOWN} events published while it was gone, ${seconds} s after the deletion`,
      }
    : {
        name,
        ok: false,
        detail: `${subscriber.app}'s replacement ${replacement.name} is missing ${missing.length} of ${WHILE_DOWN} events published while it was gone: ${missing.join(", ")}`,
      };
}
