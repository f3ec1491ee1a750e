// One Resiliency per app, scoped to it: its calls to other apps and to its components, under named policies.
import type { Chart } from "cdk8s";
import { Resiliency, type ResiliencySpecPolicies } from "../imports/dapr.io.ts";
import { constructId } from "../lib/render/layer-renderer.ts";
import { IGNORE_ANNOTATION } from "../lib/policies/ignore-annotation.ts";
import type { AppModel, ResiliencyModel } from "../lib/model/types.ts";
import type { ResiliencyPolicy } from "../lib/model/declarations/resiliency-policy.ts";

export function renderResiliency(chart: Chart, app: AppModel, resiliency: ResiliencyModel): Resiliency {
  const byName = new Map(resiliency.policies.map((policy) => [policy.name, policy]));
  const refs = (name: string) => policyRefs(byName.get(name));
  // Synth refuses a retried call to a method that is not idempotent, so what the manifest rule can only suspect
  // is known here: say so where it would warn.
  const retried = resiliency.apps.filter((target) => byName.get(target.policy)?.retry).map((target) => target.app);
  const annotations = retried.length
    ? {
        [IGNORE_ANNOTATION]: `dapr/retry-side-effect: each call ${app.id} makes to ${retried.join(", ")} is idempotent as its apps/ declaration says, and synth refuses a retried call that is not`,
      }
    : undefined;
  return new Resiliency(chart, constructId("resiliency", app.namespace, app.id), {
    metadata: { name: app.id, namespace: app.namespace, ...(annotations ? { annotations } : {}) },
    spec: {
      policies: policies(resiliency.policies, resiliency.timeouts),
      targets: {
        apps: Object.fromEntries(resiliency.apps.map((target) => [target.app, refs(target.policy)])),
        components: Object.fromEntries(
          resiliency.components.map((target) => [
            target.component,
            {
              // Calls to a component that waits longer itself get its derived timeout in place of the policy's.
              outbound: { ...refs(target.outbound), ...(target.timeout ? { timeout: target.timeout } : {}) },
              ...(target.inbound ? { inbound: refs(target.inbound) } : {}),
            },
          ]),
        ),
      },
    },
    scopes: [app.id],
  });
}

function policies(declared: readonly ResiliencyPolicy[], derived: ResiliencyModel["timeouts"]): ResiliencySpecPolicies {
  const timeouts: Record<string, string> = Object.fromEntries(
    derived.map((timeout) => [timeout.name, timeout.duration]),
  );
  const retries: NonNullable<ResiliencySpecPolicies["retries"]> = {};
  const circuitBreakers: NonNullable<ResiliencySpecPolicies["circuitBreakers"]> = {};
  for (const policy of declared) {
    if (policy.timeout) timeouts[policy.name] = policy.timeout;
    if (policy.retry) {
      const { retry } = policy;
      retries[policy.name] = {
        policy: retry.policy,
        ...(retry.policy === "constant" ? { duration: retry.duration } : { maxInterval: retry.maxInterval }),
        maxRetries: retry.maxRetries,
        ...(retry.matching
          ? {
              matching: {
                httpStatusCodes: retry.matching.httpStatusCodes,
                gRpcStatusCodes: retry.matching.gRPCStatusCodes,
              },
            }
          : {}),
      };
    }
    if (policy.circuitBreaker) circuitBreakers[policy.name] = { ...policy.circuitBreaker };
  }
  return { timeouts, retries, circuitBreakers };
}

/** The parts of a policy a target can point at: only those the policy declares. */
function policyRefs(policy: ResiliencyPolicy | undefined): {
  timeout?: string;
  retry?: string;
  circuitBreaker?: string;
} {
  if (!policy) throw new Error("internal: a resiliency target names a policy the model did not collect");
  return {
    ...(policy.timeout ? { timeout: policy.name } : {}),
    ...(policy.retry ? { retry: policy.name } : {}),
    ...(policy.circuitBreaker ? { circuitBreaker: policy.name } : {}),
  };
}
