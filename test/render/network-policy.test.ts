// Each app's NetworkPolicy admits daprd's internal gRPC port from exactly the namespaces whose sidecars call it:
// its callers' (read here from the callee's access-control policies, a second rendering of the invocation graph)
// and its own where it hosts actors.
import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../lib/synth.ts";
import { find, readManifests } from "../support/manifests.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const manifests = await readManifests();
const platform = await loadPlatform(PROJECT_ROOT);
const DAPR_INTERNAL_GRPC_PORT = 50002;

/** Namespaces a NetworkPolicy admits on a port, from its namespaceSelector's In expressions. */
function admitted(policy: Record<string, any>, port: number): string[] {
  return (policy.spec.ingress as { from?: any[]; ports?: { port: number }[] }[])
    .filter((rule) => (rule.ports ?? []).some((entry) => entry.port === port))
    .flatMap((rule) => rule.from ?? [])
    .flatMap(
      (peer: any) =>
        peer.namespaceSelector?.matchExpressions?.flatMap((expression: { operator: string; values: string[] }) =>
          expression.operator === "In" ? expression.values : [],
        ) ?? [],
    )
    .sort();
}

describe.each(["dev", "staging", "prod"])("app NetworkPolicies in %s", (environment) => {
  it("admit to payment-api's sidecar exactly the namespaces of its callers", () => {
    const callers = find(manifests, environment, "Configuration", "payment-api-config").spec.accessControl.policies.map(
      (policy: { namespace: string }) => policy.namespace,
    );
    expect(callers).toEqual(["orders"]);
    expect(admitted(find(manifests, environment, "NetworkPolicy", "payment-api"), DAPR_INTERNAL_GRPC_PORT)).toEqual(
      [...new Set(callers)].sort(),
    );
  });

  it("admit to every app's sidecar no namespace outside its callers' and, for actor hosts, its own", () => {
    for (const policy of manifests.filter(
      (m) => m.environment === environment && m.layer === "apps" && m.object.kind === "NetworkPolicy",
    )) {
      const app = policy.object.metadata.name;
      const callers = find(manifests, environment, "Configuration", `${app}-config`).spec.accessControl.policies.map(
        (entry: { namespace: string }) => entry.namespace,
      );
      const actors =
        platform.environments
          .find((candidate) => candidate.name === environment)
          ?.apps.find((candidate) => candidate.id === app)?.actors ?? false;
      const expected = [...new Set([...callers, ...(actors ? [policy.object.metadata.namespace] : [])])].sort();
      expect(admitted(policy.object, DAPR_INTERNAL_GRPC_PORT), `${app}`).toEqual(expected);
    }
  });
});
