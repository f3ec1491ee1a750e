// Who may invoke an app: exactly the callers that declare the invocation, for exactly the methods and verbs they declare.
import type { Environment } from "./declarations/environment.ts";
import { sortBy } from "../sort.ts";
import type { AccessControlModel, AccessPolicy, Invocation } from "./types.ts";

export function resolveAccessControl(
  callee: string,
  invocations: readonly Invocation[],
  environment: Environment,
): AccessControlModel {
  const { trustDomain, accessControl: defaultAction } = environment.dapr;
  const byCaller = new Map<string, { namespace: string; operations: Map<string, Set<string>> }>();
  for (const call of invocations.filter((invocation) => invocation.callee === callee)) {
    const caller = byCaller.get(call.caller) ?? {
      namespace: call.callerNamespace,
      operations: new Map<string, Set<string>>(),
    };
    byCaller.set(call.caller, caller);
    const verbs = caller.operations.get(call.method) ?? new Set<string>();
    call.verbs.forEach((verb) => verbs.add(verb));
    caller.operations.set(call.method, verbs);
  }
  const policies: AccessPolicy[] = [...byCaller.entries()].map(([appId, caller]) => ({
    appId,
    namespace: caller.namespace,
    trustDomain,
    defaultAction,
    operations: sortBy(
      [...caller.operations.entries()].map(([method, verbs]) => ({ name: `/${method}`, verbs: [...verbs].sort() })),
      (operation) => operation.name,
    ),
  }));
  return { defaultAction, trustDomain, policies: sortBy(policies, (policy) => policy.appId) };
}
