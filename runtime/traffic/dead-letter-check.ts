// pubsub:dead-letter: a subscriber that keeps failing an event gets it once plus the retries its inbound policy
// allows, then its sidecar moves the event to the subscription's deadLetterTopic (dapr pkg/runtime/subscription,
// subscription.go); the event must be in that topic's stream on the broker. Then, with the subscriber healthy again,
// one more event must reach it and not the dead-letter topic: an inbound circuit breaker that the failures opened
// would send every event straight there while it is open (an open breaker's error is permanent: no retry).
import type { Check } from "../../argocd/rehearse/check.ts";
import type { ComponentModel, EnvironmentModel, SubscriptionModel } from "../../lib/model/types.ts";
import { runToEnd, waitFor } from "../../lib/tools/processes.ts";
import { appPod, publishWithId, standInClient, type AppPod, type Kubectl } from "./app-pods.ts";
import { dataMatchingNoRule } from "./route-rules.ts";

/** How long the retries of one failing event may take: Dapr's exponential backoff is capped by maxInterval. */
const DEAD_LETTER_DEADLINE_MS = 240_000;
const HEALTHY_DEADLINE_MS = 60_000;

/** Reads a topic of a pub/sub component on its broker; one reader per broker type. */
export type TopicReader = (topic: string) => Promise<string>;

/** A reader of a Redis Streams pub/sub (`pubsub.redis`): the stream named after the topic, through redis-cli. */
async function redisReader(kubectl: Kubectl, component: ComponentModel): Promise<TopicReader | string> {
  const value = (name: string) => component.metadata.find((item) => item.name === name);
  const host = value("redisHost");
  if (!host || !("value" in host)) return `${component.name} has no literal redisHost`;
  const [address = "", port = "6379"] = host.value.split(":");
  const [service = "", namespace = component.namespace] = address.split(".");
  const clusterIp = await kubectl(["get", "service", service, "-n", namespace, "-o", "jsonpath={.spec.clusterIP}"]);
  if (clusterIp.code !== 0) return `no Service ${namespace}/${service} for ${host.value}: ${clusterIp.stderr.trim()}`;
  const password = value("redisPassword");
  let secret = "";
  if (password && "secretKeyRef" in password) {
    const read = await kubectl([
      "get",
      "secret",
      password.secretKeyRef.name,
      "-n",
      component.namespace,
      "-o",
      `jsonpath={.data.${password.secretKeyRef.key}}`,
    ]);
    if (read.code !== 0)
      return `cannot read ${component.namespace}/${password.secretKeyRef.name}: ${read.stderr.trim()}`;
    secret = Buffer.from(read.stdout.trim(), "base64").toString("utf8");
  }
  return async (topic) => {
    // The password goes in redis-cli's environment, never on its command line.
    const read = await runToEnd(
      "redis-cli",
      ["-h", clusterIp.stdout.trim(), "-p", port, "--raw", "XRANGE", topic, "-", "+"],
      { env: { ...process.env, ...(secret ? { REDISCLI_AUTH: secret } : {}) }, timeout: 10_000 },
    );
    return read.code === 0 ? read.stdout : "";
  };
}

/** The first subscription with a dead-letter topic whose topic has a running publisher and subscriber. */
function subscriptionUnderTest(
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
): { subscription: SubscriptionModel; publisher: string } | undefined {
  for (const subscription of environment.apps.flatMap((app) => app.subscriptions)) {
    if (!subscription.deadLetterTopic || !pods.has(subscription.subscriber)) continue;
    const topic = environment.topics.find(
      (candidate) => candidate.pubsub === subscription.pubsub && candidate.topic === subscription.topic,
    );
    const publisher = topic?.publishers.find((app) => pods.has(app));
    if (publisher) return { subscription, publisher };
  }
  return undefined;
}

/** Deliveries the subscriber gets of one failing event: once, plus its inbound retry policy's retries. */
export function expectedDeliveries(environment: EnvironmentModel, subscription: SubscriptionModel): number {
  const app = environment.apps.find((candidate) => candidate.id === subscription.subscriber);
  const inbound = app?.resiliency?.components.find((target) => target.component === subscription.pubsub)?.inbound;
  const retry = app?.resiliency?.policies.find((policy) => policy.name === inbound)?.retry;
  return 1 + Math.max(retry?.maxRetries ?? 0, 0);
}

export async function deadLetterCheck(
  kubectl: Kubectl,
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
  say: (line: string) => void,
): Promise<Check> {
  const name = "pubsub:dead-letter";
  const under = subscriptionUnderTest(environment, pods);
  if (!under) return { name, ok: true, detail: "no subscription with a dead-letter topic has a running publisher" };
  const { subscription } = under;
  const component = environment.components.find(
    (candidate) => candidate.name === subscription.pubsub && candidate.namespace === subscription.namespace,
  );
  if (component?.type !== "pubsub.redis")
    return { name, ok: false, detail: `no reader for ${subscription.pubsub}'s broker (${component?.type})` };
  const reader = await redisReader(kubectl, component);
  if (typeof reader === "string") return { name, ok: false, detail: reader };
  // The restart check may have replaced the subscriber's pod: ask for the running one.
  const subscriberApp = environment.apps.find((app) => app.id === subscription.subscriber)!;
  const subscriber = await appPod(kubectl, subscriberApp);
  const publisher = pods.get(under.publisher)!;
  if (!subscriber) return { name, ok: false, detail: `${subscription.subscriber} has no running pod` };
  const deadLetterTopic = subscription.deadLetterTopic!;
  const expected = expectedDeliveries(environment, subscription);
  const data = dataMatchingNoRule(subscription.rules);
  const run = Date.now().toString(36);
  const publish = (id: string) => publishWithId(publisher, subscription.pubsub, subscription.topic, id, data);
  const deliveries = async (id: string) =>
    (await standInClient(subscriber).received()).filter((request) => request.eventId === id).length;
  const label = `${under.publisher} → ${subscription.pubsub}/${subscription.topic} → ${subscription.subscriber} ${subscription.defaultRoute}`;

  const poison = `rehearsal-poison-${run}`;
  await standInClient(subscriber).behave({ path: subscription.defaultRoute, status: 500 });
  say(
    `dead letter: ${subscription.subscriber} fails ${subscription.defaultRoute}; ${poison} must reach ${deadLetterTopic}`,
  );
  const started = Date.now();
  const published = await publish(poison);
  const deadLettered =
    published.status < 300 &&
    (await waitFor(
      `${poison} in ${deadLetterTopic}`,
      async () => ((await reader(deadLetterTopic)).includes(poison) ? true : undefined),
      {
        deadlineMs: DEAD_LETTER_DEADLINE_MS,
        intervalMs: 1_000,
      },
    ).catch(() => false));
  await standInClient(subscriber).behave({ path: subscription.defaultRoute, status: 500, times: 0 });
  const seconds = Math.round((Date.now() - started) / 1000);
  const got = await deliveries(poison);
  if (!deadLettered || got !== expected)
    return {
      name,
      ok: false,
      detail: `${label}: an event the subscriber keeps failing ${published.status >= 300 ? `could not be published (${published.status} ${published.body.slice(0, 200)})` : `was delivered ${got} time(s) (expected ${expected}: once and the inbound policy's retries) and ${deadLettered ? "reached" : `did not reach ${deadLetterTopic} in ${seconds} s`}`}`,
    };

  const healthy = `rehearsal-healthy-${run}`;
  const sent = await publish(healthy);
  const outcome = await waitFor(
    `${healthy} delivered`,
    async () => {
      if ((await deliveries(healthy)) > 0) return "delivered";
      return (await reader(deadLetterTopic)).includes(healthy) ? "dead-lettered" : undefined;
    },
    { deadlineMs: HEALTHY_DEADLINE_MS, intervalMs: 500 },
  ).catch(() => "lost");
  const poisonPart = `an event the subscriber kept failing was delivered ${got} times (once and the inbound policy's retries) and then moved to ${deadLetterTopic} (${seconds} s)`;
  return sent.status < 300 && outcome === "delivered"
    ? { name, ok: true, detail: `${label}: ${poisonPart}; the next event reached the subscriber` }
    : {
        name,
        ok: false,
        detail: `${label}: ${poisonPart}; the next event, with the subscriber healthy again, ${
          sent.status >= 300
            ? `could not be published (${sent.status})`
            : outcome === "dead-lettered"
              ? `went to ${deadLetterTopic} without reaching it: an inbound circuit breaker the failures opened refuses deliveries, and an open breaker's error is final`
              : `did not arrive in ${HEALTHY_DEADLINE_MS / 1000} s`
        }`,
      };
}
