// The pods the kubelet will really be asked to run, after the Dapr injector and the OpenTelemetry operator mutate
// them (a model of the pinned versions' code, runtime/gates/effective-pods.ts), against the kubelet's non-root rules.
import { blueprint } from "../../blueprint.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { checkNonRoot, effectivePods } from "../../runtime/gates/effective-pods.ts";
import { formatGateFinding } from "../../lib/gates/gate.ts";
import { buildInventory, type Inventory } from "../../lib/inventory/inventory.ts";
import { renderPlatform } from "../../lib/synth.ts";
import { inventoryOptions } from "../support/inventories.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const inventories = new Map<string, Inventory>();

beforeAll(async () => {
  const rendered = await renderPlatform(blueprint, PROJECT_ROOT);
  for (const environment of ["dev", "staging", "prod"]) {
    inventories.set(environment, await buildInventory(rendered, environment, await inventoryOptions()));
  }
});

/** The inventory with one Instrumentation changed. */
function withInstrumentation(
  environment: string,
  namespace: string,
  change: (spec: Record<string, any>) => void,
): Inventory {
  const inventory = inventories.get(environment) as Inventory;
  return {
    ...inventory,
    objects: inventory.objects.map((item) => {
      if (item.object.kind !== "Instrumentation" || item.namespace !== namespace) return item;
      const object = structuredClone(item.object);
      change(object.spec);
      return { ...item, object };
    }),
  };
}

describe("effective pods", () => {
  it("give order-api a daprd sidecar and a Node.js init container, and shipping-worker the Go sidecar", () => {
    const pods = new Map(
      effectivePods(inventories.get("prod") as Inventory).map(({ workload, pod }) => [
        String(workload.object.metadata.name),
        pod,
      ]),
    );
    const orderApi = pods.get("order-api");
    expect(orderApi?.spec.containers.map((container: { name: string }) => container.name)).toEqual([
      "order-api",
      "daprd",
    ]);
    expect(orderApi?.spec.initContainers.map((container: { name: string }) => container.name)).toEqual([
      "opentelemetry-auto-instrumentation-nodejs",
    ]);
    expect(orderApi?.spec.containers[1]).toMatchObject({
      image: "ghcr.io/dapr/daprd:1.18.3",
      securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    });
    expect(pods.get("shipping-worker")?.spec.containers.map((container: { name: string }) => container.name)).toEqual([
      "shipping-worker",
      "daprd",
      "opentelemetry-auto-instrumentation",
    ]);
  });

  it.each(["dev", "staging", "prod"])("in %s all start under the kubelet's non-root rules", (environment) => {
    expect(checkNonRoot(inventories.get(environment) as Inventory).map(formatGateFinding)).toEqual([]);
  });

  it("catch SDK init containers that would run as root under runAsNonRoot (no initContainerSecurityContext)", () => {
    const findings = checkNonRoot(
      withInstrumentation("prod", "orders", (spec) => delete spec.initContainerSecurityContext),
    );
    expect(findings.map((finding) => `${finding.name}: ${finding.message}`).sort()).toEqual([
      "fulfillment-api: container opentelemetry-auto-instrumentation-python has runAsNonRoot and the operator's autoinstrumentation image (no USER: root) will run as root; the kubelet refuses to start the pod",
      "order-api: container opentelemetry-auto-instrumentation-nodejs has runAsNonRoot and the operator's autoinstrumentation image (no USER: root) will run as root; the kubelet refuses to start the pod",
      "payment-api: container opentelemetry-auto-instrumentation-dotnet has runAsNonRoot and the operator's autoinstrumentation image (no USER: root) will run as root; the kubelet refuses to start the pod",
    ]);
  });

  it("catch the Go sidecar's default runAsUser 0 under the pod's runAsNonRoot", () => {
    const findings = checkNonRoot(withInstrumentation("prod", "shipping", (spec) => delete spec.go.securityContext));
    expect(findings.map((finding) => `${finding.name}: ${finding.message}`)).toEqual([
      "shipping-worker: container opentelemetry-auto-instrumentation: runAsUser 0 breaks the runAsNonRoot it inherits; the kubelet refuses to start the pod",
    ]);
  });
});
