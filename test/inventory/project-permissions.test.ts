// The AppProject gate against Argo CD v3.5.1's own matching (app_project_types.go isDestinationMatched): an empty
// destination namespace is compared like any other, clusters match by server or name, "!" patterns deny.
import { describe, expect, it } from "vitest";
import { checkProjectPermissions, destinationOf, isDestinationPermitted } from "../../argocd/project-permissions.ts";
import type { Inventory, InventoryObject } from "../../lib/inventory/inventory.ts";

const IN_CLUSTER = "https://kubernetes.default.svc";

function item(object: Record<string, any>, application?: string): InventoryObject {
  return {
    object,
    origin: "trellis",
    source: `deploy/${object.kind}`,
    application,
    wave: { application: 0, own: 0 },
    project: application ? "platform" : undefined,
    namespace: object.metadata.namespace ?? "",
  };
}

function inventoryOf(...objects: InventoryObject[]): Inventory {
  return { environment: "test", objects, isClusterScoped: (object) => object.kind === "Namespace" };
}

const project = item({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "AppProject",
  metadata: { name: "platform", namespace: "argocd" },
  spec: {
    sourceRepos: ["https://example.com/x.git"],
    destinations: [
      { server: IN_CLUSTER, namespace: "apps" },
      { server: IN_CLUSTER, namespace: "argocd" },
    ],
    clusterResourceWhitelist: [],
  },
});

const application = (name: string, destination: Record<string, string>) =>
  item({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name, namespace: "argocd" },
    spec: { project: "platform", source: { repoURL: "https://example.com/x.git", path: name }, destination },
  });

describe("the project-permissions gate", () => {
  it("refuses an Application without a destination namespace, as Argo CD does, and accepts one with a listed namespace", () => {
    const findings = checkProjectPermissions(
      inventoryOf(
        project,
        application("layer", { server: IN_CLUSTER }),
        application("apps", { server: IN_CLUSTER, namespace: "apps" }),
      ),
    );
    expect(findings.map((finding) => `${finding.name}: ${finding.message}`)).toEqual([
      'layer: destination https://kubernetes.default.svc namespace "" (none given) is not permitted in project platform; the controller sets sync and health Unknown and never compares',
    ]);
  });

  it("matches a cluster given by name against a project that lists it by server, for the Application and its objects", () => {
    const byName = application("apps", { name: "in-cluster", namespace: "apps" });
    const configMap = item(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "apps" } },
      "apps",
    );
    const elsewhere = item(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "stray", namespace: "default" } },
      "apps",
    );
    expect(
      checkProjectPermissions(inventoryOf(project, byName, configMap, elsewhere)).map(
        (finding) => `${finding.name}: ${finding.message}`,
      ),
    ).toEqual([
      "stray: namespace default is not permitted in project platform; Argo CD refuses the whole sync of apps",
    ]);
  });
});

describe("destination matching", () => {
  const destination = (namespace: string) =>
    destinationOf({ spec: { destination: { server: IN_CLUSTER, namespace } } });

  it("lets only a * namespace pattern accept the empty namespace", () => {
    expect(isDestinationPermitted([{ server: IN_CLUSTER, namespace: "apps" }], destination(""))).toBe(false);
    expect(isDestinationPermitted([{ server: "*", namespace: "*" }], destination(""))).toBe(true);
    expect(isDestinationPermitted([{ server: IN_CLUSTER, namespace: "app-*" }], destination("app-orders"))).toBe(true);
  });

  it("denies with a ! pattern even when another entry allows", () => {
    const destinations = [
      { server: "*", namespace: "*" },
      { server: "*", namespace: "!kube-system" },
    ];
    expect(isDestinationPermitted(destinations, destination("kube-system"))).toBe(false);
    expect(isDestinationPermitted(destinations, destination("apps"))).toBe(true);
  });

  it("needs a cluster: an Application without server or name matches nothing", () => {
    expect(
      isDestinationPermitted(
        [{ server: "*", namespace: "*" }],
        destinationOf({ spec: { destination: { namespace: "apps" } } }),
      ),
    ).toBe(false);
  });
});
