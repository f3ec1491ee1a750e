// The callers' Resiliency at work in their real sidecars, per declared call:
// - resiliency:retries: the callee answers 503 twice; the caller's sidecar must retry exactly as the call's policy
//   says (Trellis gives a non-idempotent method none: the callee then sees one request and the caller the 503).
// - resiliency:circuit-breaker: the callee keeps failing; once the policy's trip (`consecutiveFailures > N`) holds,
//   the caller's sidecar must stop sending it requests while the breaker is open.
// Runs last among the traffic checks: an open breaker refuses the callee for the policy's timeout.
import type { Check } from "../../argocd/rehearse/check.ts";
import type { EnvironmentModel, Invocation } from "../../lib/model/types.ts";
import type { ResiliencyPolicy } from "../../lib/model/declarations/resiliency-policy.ts";
import { standInClient, type AppPod } from "./app-pods.ts";
import { sidecarTarget } from "../stand-in/stand-in-plan.ts";
import { durationMs } from "../../lib/model/resiliency.ts";
import { codeRanges } from "../dapr-facts.ts";
import { setTimeout as delay } from "node:timers/promises";

/** Dapr's words when a breaker refuses a call (github.com/sony/gobreaker's ErrOpenState). */
export const BREAKER_OPEN = "circuit breaker is open";

/** The policy wrapping the caller's calls to the callee, if any. */
function policyOf(environment: EnvironmentModel, edge: Invocation): ResiliencyPolicy | undefined {
  const caller = environment.apps.find((app) => app.id === edge.caller);
  const name = caller?.resiliency?.apps.find((target) => target.app === edge.callee)?.policy;
  return caller?.resiliency?.policies.find((policy) => policy.name === name);
}

/** N of a `consecutiveFailures > N` trip; undefined for any other expression. */
export function consecutiveFailures(trip: string): number | undefined {
  const match = /^\s*consecutiveFailures\s*>\s*(\d+)\s*$/.exec(trip);
  return match ? Number(match[1]) : undefined;
}

/** Whether a retry's `httpStatusCodes` ("429,502-504") takes the status; Dapr retries every status without a list. */
export function retriesStatus(codes: string | undefined, status: number): boolean {
  return codeRanges(codes)?.some(([from, to]) => status >= from && status <= to) ?? true;
}

interface Counted {
  readonly status: number;
  readonly body: string;
  /** Requests the callee received for the method during the call. */
  readonly reached: number;
}

async function countedCall(caller: AppPod, callee: AppPod, edge: Invocation, verb: string): Promise<Counted> {
  const before = (await standInClient(callee).received()).length;
  const target = sidecarTarget(edge.callee, edge.calleeNamespace, edge.callerNamespace);
  const result = await standInClient(caller).invoke(target, edge.method, verb);
  const reached = (await standInClient(callee).received())
    .slice(before)
    .filter((request) => request.path === `/${edge.method}`).length;
  return { status: result.status, body: result.body, reached };
}

export async function resiliencyChecks(
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
): Promise<Check[]> {
  const retries: string[] = [];
  const retriesFailed: string[] = [];
  let breaker: Check | undefined;
  for (const edge of environment.invocations) {
    const [caller, callee] = [pods.get(edge.caller), pods.get(edge.callee)];
    if (!caller || !callee) continue;
    const verb = edge.verbs[0]!;
    const policy = policyOf(environment, edge);
    const allowed =
      policy?.retry && retriesStatus(policy.retry.matching?.httpStatusCodes, 503) ? policy.retry.maxRetries : 0;
    const label = `${edge.caller} → ${edge.callee} ${verb} ${edge.method} (${policy ? `policy ${policy.name}` : "no policy"}: ${allowed === -1 ? "retries forever" : `${allowed} retr${allowed === 1 ? "y" : "ies"}`})`;
    const path = `/${edge.method}`;
    await standInClient(callee).behave({ path, status: 503, times: 2 });
    const call = await countedCall(caller, callee, edge, verb);
    await standInClient(callee).behave({ path, status: 503, times: 0 });
    const expected =
      allowed === -1 || allowed >= 2 ? { status: 200, reached: 3 } : { status: 503, reached: 1 + Math.max(allowed, 0) };
    const verdict = `${label}: callee answered 503 twice; it saw ${call.reached} request(s), the caller got ${call.status}`;
    if (call.reached === expected.reached && call.status === expected.status) retries.push(verdict);
    else retriesFailed.push(`${verdict}; expected ${expected.reached} and ${expected.status}`);

    const trip = policy?.circuitBreaker && consecutiveFailures(policy.circuitBreaker.trip);
    // The breaker counts attempts: a policy that retries the 503 would blur calls into attempts, so such an edge
    // is not the one to count on.
    if (breaker || trip === undefined || !policy?.circuitBreaker || allowed !== 0) continue;
    // A closed breaker clears its counts when a request comes after `interval` has run out since its generation
    // began (gobreaker 0.5.0, currentState). Idle past it, so the call below starts a generation, succeeds and
    // the failures after it all fall in that one generation.
    const interval = durationMs(policy.circuitBreaker.interval);
    if (interval > 0) await delay(interval + 1000);
    await countedCall(caller, callee, edge, verb);
    await standInClient(callee).behave({ path, status: 503 });
    const failing: Counted[] = [];
    for (let index = 0; index <= trip; index += 1) failing.push(await countedCall(caller, callee, edge, verb));
    const afterTrip: Counted[] = [];
    for (let index = 0; index < 3; index += 1) afterTrip.push(await countedCall(caller, callee, edge, verb));
    await standInClient(callee).behave({ path, status: 503, times: 0 });
    const reachedWhileOpen = afterTrip.reduce((sum, call) => sum + call.reached, 0);
    const refused = afterTrip.every((call) => call.status >= 500 && call.body.includes(BREAKER_OPEN));
    const what = `${edge.caller} → ${edge.callee} (breaker ${policy.name}: ${policy.circuitBreaker.trip}, open ${policy.circuitBreaker.timeout})`;
    breaker =
      reachedWhileOpen === 0 && refused && failing.every((call) => call.reached === 1)
        ? {
            name: "resiliency:circuit-breaker",
            ok: true,
            detail: `${what}: ${failing.length} failing calls reached the callee, then ${afterTrip.length} calls did not: ${afterTrip[0]!.body.slice(0, 200)}`,
          }
        : {
            name: "resiliency:circuit-breaker",
            ok: false,
            detail: `${what}: the failing calls reached the callee ${failing.map((call) => call.reached).join(", ")} time(s); after the trip ${reachedWhileOpen} call(s) still reached it; answers: ${afterTrip.map((call) => `${call.status} ${call.body.slice(0, 160)}`).join(" | ")}`,
          };
  }
  return [
    retriesFailed.length === 0
      ? {
          name: "resiliency:retries",
          ok: true,
          detail: retries.length ? retries.join("; ") : "no app declares an invocation",
        }
      : { name: "resiliency:retries", ok: false, detail: [...retriesFailed, ...retries].join("; ") },
    breaker ?? {
      name: "resiliency:circuit-breaker",
      ok: true,
      detail: "no declared call has a circuit breaker (and no retry of 503)",
    },
  ];
}
