// The apps' traffic in the rehearsal, carried by the real daprd sidecars the injector added: each check drives the
// stand-in apps (stand-in-app.ts) and judges what the sidecars did against what the declarations derive.
// - traffic:sidecars-ready: every app's sidecar is Ready, and still is, without a restart, a minute later.
// - traffic:invocation: every declared edge (caller, method, verb) reaches the callee through both sidecars.
// - traffic:access-control: a call no declaration names gets the answer the callee's Configuration gives it.
// - traffic:mtls: the sidecar's internal gRPC port refuses a plaintext client.
// - pubsub:delivery: each declared topic's events reach each subscriber, on the route its rules pick.
// - pubsub:scopes: an app the pub/sub is not scoped to cannot publish through it.
// - state:store, state:lock, state:secrets: the building blocks each app uses (building-blocks-check.ts).
// - traces:one-request: one request's spans from every app and sidecar it reached are one trace in the store.
// - resiliency:retries, resiliency:circuit-breaker: the callers' policies at work (resiliency-check.ts).
// - state:input-binding: each input binding delivers its events to the app (input-binding-check.ts).
// - restart:consumer: a subscriber's pod replaced mid-traffic gets every event (restart-check.ts).
// - pubsub:dead-letter: an event the subscriber keeps failing ends in the dead-letter topic (dead-letter-check.ts).
import { connect } from "node:http2";
import type { Check } from "../../argocd/rehearse/check.ts";
import type { AccessControlModel, AppModel, EnvironmentModel } from "../../lib/model/types.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { appPod, rolledOut, standInClient, type AppPod, type Kubectl } from "./app-pods.ts";
import { sidecarTarget } from "../stand-in/stand-in-plan.ts";
import { rehearseTrafficNegatives } from "./traffic-negatives.ts";
import { traceCheck } from "./trace-check.ts";
import { dataMatching, dataMatchingNoRule } from "./route-rules.ts";
import { resiliencyChecks } from "./resiliency-check.ts";
import { buildingBlockChecks } from "./building-blocks-check.ts";
import { restartCheck } from "./restart-check.ts";
import { deadLetterCheck } from "./dead-letter-check.ts";
import { inputBindingCheck } from "./input-binding-check.ts";
import { ACCESS_DENIED, lastErrors } from "./daprd-words.ts";

/** How long every sidecar must stay Ready (issue: a minute). */
const STEADY_MS = 60_000;
const SIDECAR_PORT_INTERNAL = 50002;

export interface TrafficInputs {
  readonly kubectl: Kubectl;
  readonly environment: EnvironmentModel;
  /** The sidecar container's whole output in a pod. */
  readonly sidecarLog: (namespace: string, pod: string) => Promise<string>;
  readonly say: (line: string) => void;
  /** A folder for the negative cases' manifests. */
  readonly folder: string;
}

export async function rehearseTraffic(inputs: TrafficInputs): Promise<Check[]> {
  const { environment, kubectl, say } = inputs;
  const started = Date.now();
  say(`traffic: waiting for the ${environment.apps.length} apps' sidecars to be Ready`);
  const pods = new Map<string, AppPod>();
  const allReady = await waitFor(
    "every app's sidecar Ready",
    async () => {
      for (const app of environment.apps) {
        const pod = await appPod(kubectl, app);
        if (pod) pods.set(app.id, pod);
      }
      // Ready, and the app's rollout done: no pod of a previous revision left for a caller to reach.
      if (!environment.apps.every((app) => pods.get(app.id)?.sidecar?.ready && !pods.get(app.id)?.rolling))
        return undefined;
      for (const app of environment.apps) if (!(await rolledOut(kubectl, app))) return undefined;
      return true;
    },
    { deadlineMs: 180_000, intervalMs: 2_000 },
  ).catch(() => false);
  if (!allReady) return [await sidecarsNotReady(inputs, pods)];
  const readyAt = Date.now();

  const checks: Check[] = [];
  // Each check says how long it took, for the measured table in docs/runtime.md.
  const timed = async (run: () => Promise<Check | Check[]>) => {
    const from = Date.now();
    const done = [await run()].flat();
    const seconds = ((Date.now() - from) / 1000).toFixed(1);
    checks.push(...done.map((check) => ({ ...check, detail: `${check.detail} (${seconds} s)` })));
  };
  await timed(() => invocationCheck(environment, pods));
  await timed(() => accessControlCheck(environment, pods));
  await timed(() => mtlsCheck(pods));
  await timed(() => pubsubDeliveryCheck(environment, pods));
  await timed(() => pubsubScopesCheck(environment, pods));
  await timed(() => buildingBlockChecks(environment, pods));
  await timed(() => traceCheck(kubectl, environment, pods, say));
  await timed(() => resiliencyChecks(environment, pods));
  await timed(() => rehearseTrafficNegatives(inputs, pods));

  // The sidecars must have stayed Ready through the traffic, and a minute at least.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt + STEADY_MS - Date.now())));
  const after = new Map<string, AppPod | undefined>();
  for (const app of environment.apps) after.set(app.id, await appPod(kubectl, app));
  const unsteady = environment.apps.filter((app) => {
    const [before, now] = [pods.get(app.id), after.get(app.id)];
    return !now?.sidecar?.ready || now.name !== before?.name || now.sidecar.restarts !== before.sidecar?.restarts;
  });
  checks.unshift(
    unsteady.length === 0
      ? {
          name: "traffic:sidecars-ready",
          ok: true,
          detail: `${environment.apps.length} sidecars Ready, and still Ready without a restart ${Math.round((Date.now() - readyAt) / 1000)} s later`,
        }
      : await sidecarsNotReady(inputs, after, unsteady),
  );
  // After the minute above, in which a cron binding of a minute or less has fired.
  await timed(() => inputBindingCheck(environment, pods));
  // Last: it replaces a subscriber's pod on purpose.
  await timed(() => restartCheck(kubectl, environment, pods, say));
  // After the restart: what a failing event leaves behind (an open inbound breaker) must not touch the others.
  await timed(() => deadLetterCheck(kubectl, environment, pods, say));
  say(
    `traffic: ${checks.filter((check) => check.ok).length} of ${checks.length} checks held (${Math.round((Date.now() - started) / 1000)} s)`,
  );
  return checks;
}

/** The sidecars that are not Ready, each with the end of its own output. */
async function sidecarsNotReady(
  inputs: TrafficInputs,
  pods: ReadonlyMap<string, AppPod | undefined>,
  apps: readonly AppModel[] = inputs.environment.apps.filter((app) => !pods.get(app.id)?.sidecar?.ready),
): Promise<Check> {
  const details = await Promise.all(
    apps.map(async (app) => {
      const pod = pods.get(app.id);
      if (!pod) return `${app.id}: no running pod`;
      if (!pod.sidecar) return `${app.id}: pod ${pod.name} has no ${"daprd"} container (was it injected?)`;
      const log = await inputs.sidecarLog(pod.namespace, pod.name);
      return `${app.id}: sidecar ${pod.sidecar.ready ? "Ready" : "not Ready"}, ${pod.sidecar.restarts} restart(s); daprd said: ${lastErrors(log)}`;
    }),
  );
  return { name: "traffic:sidecars-ready", ok: false, detail: details.join("; ") };
}

async function invocationCheck(environment: EnvironmentModel, pods: ReadonlyMap<string, AppPod>): Promise<Check> {
  const name = "traffic:invocation";
  const results: string[] = [];
  const failed: string[] = [];
  for (const edge of environment.invocations)
    for (const verb of edge.verbs) {
      const [caller, callee] = [pods.get(edge.caller), pods.get(edge.callee)];
      const label = `${edge.caller} → ${edge.callee} ${verb} ${edge.method}`;
      if (!caller || !callee) {
        failed.push(`${label}: no pod`);
        continue;
      }
      const before = (await standInClient(callee).received()).length;
      const result = await standInClient(caller).invoke(
        sidecarTarget(edge.callee, edge.calleeNamespace, edge.callerNamespace),
        edge.method,
        verb,
      );
      const arrived = (await standInClient(callee).received())
        .slice(before)
        .some((request) => request.kind === "method" && request.path === `/${edge.method}` && request.verb === verb);
      if (result.status >= 200 && result.status < 300 && arrived) results.push(`${label}: ${result.status}`);
      else
        failed.push(
          `${label}: ${result.status} ${result.body.slice(0, 300)}${arrived ? "" : `; ${edge.callee} received no such request`}`,
        );
    }
  if (environment.invocations.length === 0) return { name, ok: true, detail: "no app declares an invocation" };
  return failed.length === 0
    ? { name, ok: true, detail: `every declared call went through both sidecars: ${results.join("; ")}` }
    : { name, ok: false, detail: failed.join("; ") };
}

/** Whether the callee's access control lets the caller call the operation with the verb (Dapr's pkg/acl order). */
export function expectedAccess(
  accessControl: AccessControlModel,
  caller: { readonly id: string; readonly namespace: string },
  operation: string,
  verb: string,
): "allow" | "deny" {
  const policy = accessControl.policies.find(
    (candidate) =>
      candidate.appId === caller.id &&
      candidate.namespace === caller.namespace &&
      candidate.trustDomain === accessControl.trustDomain,
  );
  if (!policy) return accessControl.defaultAction;
  const declared = policy.operations.find(
    (candidate) => candidate.name.toLowerCase() === `/${operation}`.toLowerCase(),
  );
  return declared?.verbs.includes(verb) ? "allow" : policy.defaultAction;
}

/** Per callee and caller, a method or verb the caller does not declare: each must be answered as the ACL says. */
async function accessControlCheck(environment: EnvironmentModel, pods: ReadonlyMap<string, AppPod>): Promise<Check> {
  const name = "traffic:access-control";
  const apps = new Map(environment.apps.map((app) => [app.id, app]));
  const verdicts: string[] = [];
  const failed: string[] = [];
  const edges = new Map(environment.invocations.map((edge) => [`${edge.caller}>${edge.callee}`, edge]));
  for (const edge of edges.values()) {
    const [caller, callee] = [apps.get(edge.caller), apps.get(edge.callee)];
    const [callerPod, calleePod] = [pods.get(edge.caller), pods.get(edge.callee)];
    if (!caller || !callee || !callerPod || !calleePod) continue;
    const declared = environment.invocations.filter(
      (other) => other.caller === edge.caller && other.callee === edge.callee,
    );
    const isDeclared = (method: string, verb: string) =>
      declared.some((other) => other.method === method && other.verbs.includes(verb));
    // A method of the callee the caller does not call, or else a verb it does not use on a method it calls.
    const undeclared = callee.methods
      .flatMap((method) => method.verbs.map((verb) => ({ method: method.name, verb })))
      .find((call) => !isDeclared(call.method, call.verb)) ?? {
      method: edge.method,
      verb: edge.verbs.includes("DELETE") ? "PATCH" : "DELETE",
    };
    const expected = expectedAccess(callee.accessControl, caller, undeclared.method, undeclared.verb);
    const label = `${caller.id} → ${callee.id} ${undeclared.verb} ${undeclared.method} (undeclared; ${callee.daprConfiguration} says ${expected})`;
    const result = await standInClient(callerPod).invoke(
      sidecarTarget(callee.id, callee.namespace, caller.namespace),
      undeclared.method,
      undeclared.verb,
    );
    const denied = result.status === 403 && result.body.includes(ACCESS_DENIED);
    if (denied === (expected === "deny"))
      verdicts.push(`${label}: ${denied ? "denied by the callee's sidecar" : `passed (${result.status})`}`);
    else failed.push(`${label}: got ${result.status} ${result.body.slice(0, 300)}`);
  }
  if (edges.size === 0) return { name, ok: true, detail: "no app declares an invocation" };
  return failed.length === 0
    ? { name, ok: true, detail: verdicts.join("; ") }
    : { name, ok: false, detail: failed.join("; ") };
}

/** A plaintext HTTP/2 (gRPC) request to each sidecar's internal port must fail: it speaks only mutual TLS. */
async function mtlsCheck(pods: ReadonlyMap<string, AppPod>): Promise<Check> {
  const name = "traffic:mtls";
  const accepted: string[] = [];
  for (const pod of pods.values()) {
    const answer = await plaintextGrpc(pod.ip, SIDECAR_PORT_INTERNAL);
    if (answer !== undefined) accepted.push(`${pod.app} (${pod.ip}:${SIDECAR_PORT_INTERNAL}) answered ${answer}`);
  }
  return accepted.length === 0
    ? {
        name,
        ok: true,
        detail: `${pods.size} sidecars refused a plaintext gRPC client on port ${SIDECAR_PORT_INTERNAL}`,
      }
    : { name, ok: false, detail: accepted.join("; ") };
}

/** The HTTP/2 status a plaintext gRPC request got, or undefined when the connection failed or closed. */
export function plaintextGrpc(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const session = connect(`http://${host}:${port}`);
    let settled = false;
    const timer = setTimeout(() => done(undefined), 5_000);
    const done = (answer: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      resolve(answer);
    };
    session.on("error", () => done(undefined));
    session.on("close", () => done(undefined));
    const request = session.request({
      ":method": "POST",
      ":path": "/dapr.proto.internals.v1.ServiceInvocation/CallLocal",
      "content-type": "application/grpc",
    });
    request.on("response", (headers) => done(`HTTP/2 ${headers[":status"]}`));
    request.on("error", () => done(undefined));
    request.on("close", () => done(undefined));
    request.end();
  });
}

async function pubsubDeliveryCheck(environment: EnvironmentModel, pods: ReadonlyMap<string, AppPod>): Promise<Check> {
  const name = "pubsub:delivery";
  const delivered: string[] = [];
  const failed: string[] = [];
  for (const topic of environment.topics) {
    const publisher = topic.publishers[0] ? pods.get(topic.publishers[0]) : undefined;
    if (!publisher) continue;
    for (const subscriberId of topic.subscribers) {
      const app = environment.apps.find((candidate) => candidate.id === subscriberId);
      const subscriber = pods.get(subscriberId);
      const subscription = app?.subscriptions.find(
        (candidate) => candidate.pubsub === topic.pubsub && candidate.topic === topic.topic,
      );
      if (!app || !subscriber || !subscription) continue;
      // One event per rule that can be matched, and one that no rule matches (the default route).
      const cases = [
        ...subscription.rules.flatMap((rule) => {
          const data = dataMatching(rule.match);
          return data ? [{ data, route: rule.path, why: rule.match }] : [];
        }),
        { data: dataMatchingNoRule(subscription.rules), route: subscription.defaultRoute, why: "no rule matches" },
      ];
      for (const event of cases) {
        const label = `${topic.publishers[0]} → ${topic.pubsub}/${topic.topic} → ${subscriberId} ${event.route} (${event.why})`;
        const before = (await standInClient(subscriber).received()).length;
        const published = await standInClient(publisher).publish(topic.pubsub, topic.topic, event.data);
        if (published.status >= 300) {
          failed.push(`${label}: publishing got ${published.status} ${published.body.slice(0, 300)}`);
          continue;
        }
        const arrived = await waitFor(
          label,
          async () =>
            (await standInClient(subscriber).received())
              .slice(before)
              .find((request) => request.kind === "event" && request.topic === topic.topic),
          { deadlineMs: 30_000, intervalMs: 500 },
        ).catch(() => undefined);
        if (!arrived) failed.push(`${label}: nothing arrived in 30 s`);
        else if (arrived.path !== event.route) failed.push(`${label}: arrived on ${arrived.path}`);
        else delivered.push(label);
      }
    }
  }
  if (environment.topics.length === 0) return { name, ok: true, detail: "no app declares a topic" };
  return failed.length === 0
    ? { name, ok: true, detail: `delivered: ${delivered.join("; ")}` }
    : { name, ok: false, detail: [...failed, ...delivered.map((line) => `delivered: ${line}`)].join("; ") };
}

/** Dapr's error code when a pub/sub is not loaded in the sidecar (the component is scoped to other apps). */
export const PUBSUB_NOT_FOUND = "ERR_PUBSUB_NOT_FOUND";

/** An app of a pub/sub's namespace that the component is not scoped to cannot publish through its sidecar. */
async function pubsubScopesCheck(environment: EnvironmentModel, pods: ReadonlyMap<string, AppPod>): Promise<Check> {
  const name = "pubsub:scopes";
  const refused: string[] = [];
  const failed: string[] = [];
  for (const component of environment.components.filter((candidate) => candidate.kind === "pubsub")) {
    const outsider = environment.apps.find(
      (app) => app.namespace === component.namespace && !component.scopes.includes(app.id) && pods.has(app.id),
    );
    const topic = environment.topics.find((candidate) => candidate.pubsub === component.name)?.topic ?? "rehearsal";
    if (!outsider) continue;
    const label = `${outsider.id} (not in ${component.name}'s scopes) publishing to ${topic}`;
    const result = await standInClient(pods.get(outsider.id)!).publish(component.name, topic, { rehearsal: true });
    if (result.status >= 400 && result.body.includes(PUBSUB_NOT_FOUND))
      refused.push(`${label}: ${result.status} ${result.body.slice(0, 200)}`);
    else failed.push(`${label}: ${result.status} ${result.body.slice(0, 200)}`);
  }
  if (refused.length + failed.length === 0)
    return { name, ok: true, detail: "every app of a pub/sub's namespace is in its scopes" };
  return failed.length === 0
    ? { name, ok: true, detail: `refused by the app's own sidecar: ${refused.join("; ")}` }
    : { name, ok: false, detail: `published although out of scope: ${failed.join("; ")}` };
}
