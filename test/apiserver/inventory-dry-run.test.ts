// Every environment's whole inventory (Trellis's objects and every chart's Helm output, the charts' own CRDs
// included) admitted by a real kube-apiserver in wave order, each environment on a fresh server; so is a new
// environment added as one file.
import { blueprint } from "../../blueprint.ts";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dryRunInventory } from "../../lib/gates/api-server.ts";
import { effectivePods } from "../../runtime/gates/effective-pods.ts";
import { formatGateFinding } from "../../lib/gates/gate.ts";
import { buildInventory, type Inventory } from "../../lib/inventory/inventory.ts";
import { renderPlatform } from "../../lib/synth.ts";
import type { LocalCluster } from "../../lib/tools/local-cluster.ts";
import { clusterPerDescribe } from "../support/local-cluster.ts";
import { inventoryOptions } from "../support/inventories.ts";
import { copyProject, PROJECT_ROOT } from "../support/project.ts";
import { copiedEnvironment } from "../support/declaration-builders.ts";

const ARGOCD_CRDS = join(PROJECT_ROOT, "..", "shared", "schemas", "crds-raw", "argo-cd-v3.5.1");

async function inventoryOf(environment: string): Promise<Inventory> {
  return buildInventory(await renderPlatform(blueprint, PROJECT_ROOT), environment, await inventoryOptions());
}

/** What the bootstrap leaves before Argo CD syncs anything: its namespace and Argo CD v3.5.1's own CRDs. */
async function bootstrapped(cluster: LocalCluster): Promise<void> {
  await cluster.kubectl(["create", "namespace", "argocd"]);
  const crds = await cluster.kubectl(["apply", "--server-side", "-f", ARGOCD_CRDS]);
  expect(crds.code, crds.stderr).toBe(0);
}

describe.each(["dev", "staging", "prod"])("the %s inventory on a fresh kube-apiserver", (environment) => {
  const cluster = clusterPerDescribe(bootstrapped);

  it("admits every object in wave order, then every effective pod under its namespace's Pod Security level", async () => {
    const inventory = await inventoryOf(environment);
    expect((await dryRunInventory(cluster(), inventory)).map(formatGateFinding)).toEqual([]);
    // The pods as the Dapr injector and the OpenTelemetry operator leave them (a model), created as Pods.
    const pods = effectivePods(inventory).map(({ workload, pod }) => ({
      ...workload,
      object: pod,
      wave: { application: 99, own: 0 },
    }));
    expect(pods.length).toBeGreaterThan(4);
    expect((await dryRunInventory(cluster(), { ...inventory, objects: pods })).map(formatGateFinding)).toEqual([]);
  });
});

describe("a new environment of one file (staging.ts copied to qa.ts with its own identities) on a fresh kube-apiserver", () => {
  const cluster = clusterPerDescribe(bootstrapped);

  it("admits its whole inventory in wave order", async () => {
    const project = await copyProject();
    const staging = await readFile(join(project.root, "environments", "staging.ts"), "utf8");
    await project.write("environments/qa.ts", copiedEnvironment(staging, "staging", "qa"));
    const inventory = await buildInventory(
      await renderPlatform(blueprint, project.root),
      "qa",
      await inventoryOptions(),
    );
    expect(inventory.objects.some((item) => item.object.kind === "Deployment")).toBe(true);
    expect((await dryRunInventory(cluster(), inventory)).map(formatGateFinding)).toEqual([]);
  });
});

describe("the API-server gate", () => {
  const cluster = clusterPerDescribe(bootstrapped);

  it("reports a Pod the namespace's restricted Pod Security level refuses, naming the object", async () => {
    const inventory = await inventoryOf("dev");
    const namespace = inventory.objects.find(
      (item) => item.object.kind === "Namespace" && item.object.metadata.name === "orders",
    );
    const deployment = inventory.objects.find(
      (item) => item.object.kind === "Deployment" && item.object.metadata.name === "order-api",
    );
    if (!namespace || !deployment) throw new Error("test setup: no orders Namespace or order-api Deployment");
    const restricted = {
      ...namespace,
      object: {
        ...namespace.object,
        metadata: {
          ...namespace.object.metadata,
          labels: { ...namespace.object.metadata.labels, "pod-security.kubernetes.io/enforce": "restricted" },
        },
      },
    };
    const pod = {
      ...deployment,
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "privileged", namespace: "orders" },
        spec: { containers: [{ name: "app", image: "busybox:1.37.0", securityContext: { privileged: true } }] },
      },
    };
    const findings = await dryRunInventory(cluster(), { ...inventory, objects: [restricted, pod] });
    expect(findings.map((finding) => `${finding.kind} ${finding.namespace}/${finding.name}`)).toEqual([
      "Pod orders/privileged",
    ]);
    expect(findings[0]?.message).toMatch(
      /violates PodSecurity "restricted:latest": privileged \(container "app" must not set securityContext\.privileged=true\)/,
    );
  });
});
