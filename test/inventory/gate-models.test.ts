// The gates that model an engine, on small inventories built here (no Helm needed): each compares what upstream
// compares, and none skips a check because an optional field is empty.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSidecarStart } from "../../runtime/gates/effective-pods.ts";
import { checkNetworkReachability, networkFlows } from "../../runtime/gates/network-reachability.ts";
import { checkProjectPermissions } from "../../argocd/project-permissions.ts";
import { checkValuesKeys } from "../../argocd/gates/values-keys.ts";
import type { Inventory, InventoryObject } from "../../lib/inventory/inventory.ts";
import { PROJECT_ROOT } from "../support/project.ts";

function item(object: Record<string, any>, application?: string): InventoryObject {
  return {
    object,
    origin: "trellis",
    source: `${object.kind}/${object.metadata.name}`,
    application,
    wave: { application: 0, own: 0 },
    project: application ? "platform" : undefined,
    namespace: object.metadata.namespace ?? "",
  };
}

function inventoryOf(...objects: InventoryObject[]): Inventory {
  return {
    environment: "test",
    objects,
    isClusterScoped: (object) => ["Namespace", "ClusterRole"].includes(object.kind),
  };
}

const daprChart = item({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Application",
  metadata: { name: "dapr", namespace: "argocd" },
  spec: { source: { chart: "dapr", targetRevision: "1.18.3", helm: { valuesObject: {} } } },
});

function daprPod(name: string, annotations: Record<string, string>, spec: Record<string, any> = {}): InventoryObject {
  return item({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "apps" },
    spec: {
      template: {
        metadata: {
          labels: { app: name },
          annotations: { "dapr.io/enabled": "yes", "dapr.io/app-id": name, ...annotations },
        },
        spec: { containers: [{ name, image: "app:1" }], ...spec },
      },
    },
  });
}

describe("effective pods: daprd's start", () => {
  it("fails a sidecar that keeps the built-in secret store in a pod without a token, however the token is turned off", () => {
    const account = item({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "billing", namespace: "apps" },
      automountServiceAccountToken: false,
    });
    const findings = checkSidecarStart(
      inventoryOf(
        daprChart,
        account,
        daprPod("orders", {}, { automountServiceAccountToken: false }),
        daprPod("billing", {}, { serviceAccountName: "billing" }),
        daprPod(
          "reports",
          { "dapr.io/disable-builtin-k8s-secret-store": "true" },
          { automountServiceAccountToken: false },
        ),
        daprPod("payments", {}),
      ),
    );
    expect(findings.map((finding) => finding.name).sort()).toEqual(["billing", "orders"]);
    expect(findings[0]?.message).toContain("daprd exits at start");
  });
});

describe("network reachability", () => {
  const policy = item({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "deny", namespace: "backends" },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  });
  const redis = item({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "redis", namespace: "backends" },
    spec: {
      template: {
        metadata: { labels: { app: "redis" } },
        spec: { containers: [{ name: "redis", ports: [{ name: "redis", containerPort: 6379 }] }] },
      },
    },
  });
  const service = item({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "redis", namespace: "backends" },
    spec: { selector: { app: "redis" }, ports: [{ port: 6379, targetPort: "redis" }] },
  });
  const component = (scopes: string[] | undefined, host: string) =>
    item({
      apiVersion: "dapr.io/v1alpha1",
      kind: "Component",
      metadata: { name: "statestore", namespace: "apps" },
      spec: { type: "state.redis", metadata: [{ name: "redisHost", value: host }] },
      ...(scopes ? { scopes } : {}),
    });

  it("counts every sidecar of the namespace for a Component without scopes, and a short in-cluster host", () => {
    const flows = networkFlows(
      inventoryOf(
        redis,
        service,
        daprPod("orders", {}),
        daprPod("billing", {}),
        component(undefined, "redis.backends:6379"),
      ),
    ).filter((flow) => flow.includes("statestore"));
    expect(flows).toEqual([
      "the sidecar of apps/orders reaches redis.backends:6379 (Component statestore) (backends/redis:6379)",
      "the sidecar of apps/billing reaches redis.backends:6379 (Component statestore) (backends/redis:6379)",
    ]);
    const blocked = checkNetworkReachability(
      inventoryOf(
        redis,
        service,
        policy,
        daprPod("orders", {}),
        component(["orders"], "redis.backends.svc.cluster.local:6379"),
      ),
    );
    expect(
      blocked.filter((finding) => finding.message.includes("statestore")).map((finding) => finding.message),
    ).toEqual([
      "the sidecar of apps/orders reaches redis.backends.svc.cluster.local:6379 (Component statestore): blocked on the way to backends/redis port 6379; isolated by NetworkPolicy backends/deny and no rule of theirs admits it",
    ]);
  });

  it("reports sidecars with no Dapr control plane to dial instead of skipping them", () => {
    const findings = checkNetworkReachability(inventoryOf(daprPod("orders", {})));
    expect(findings.map((finding) => finding.message)).toContain(
      "the sidecar of apps/orders dials dapr-sentry: no Service (no Dapr control plane)/dapr-sentry in the inventory",
    );
  });
});

describe("chart value keys", () => {
  const archiveOf = async (chart: { chart: string; version: string }) =>
    join(PROJECT_ROOT, "..", "shared", "charts", `${chart.chart}-${chart.version}.tgz`);

  it("checks values given as a YAML string and the chart sources of a multi-source Application", async () => {
    const app = item({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "tempo", namespace: "argocd" },
      spec: {
        sources: [
          { repoURL: "https://example.com/values.git", ref: "values" },
          {
            repoURL: "https://grafana-community.github.io/helm-charts",
            chart: "tempo",
            targetRevision: "2.2.4",
            helm: {
              values: "tempo:\n  retention: 24h\n  retentoin: 48h\n",
              valuesObject: { persistance: { enabled: true } },
            },
          },
        ],
      },
    });
    expect((await checkValuesKeys(inventoryOf(app), archiveOf)).map((finding) => finding.message)).toEqual([
      "spec.sources[1].helm.values.tempo.retentoin: chart tempo 2.2.4 has no such value; Helm would ignore it",
      "spec.sources[1].helm.valuesObject.persistance: chart tempo 2.2.4 has no such value; Helm would ignore it",
    ]);
  });
});

describe("project permissions: kinds", () => {
  const project = (spec: Record<string, unknown>) =>
    item({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: "platform", namespace: "argocd" },
      spec: { sourceRepos: ["*"], destinations: [{ server: "*", namespace: "*" }], ...spec },
    });
  const app = item({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "apps", namespace: "argocd" },
    spec: {
      project: "platform",
      source: { repoURL: "https://example.com/x.git" },
      destination: { server: "https://kubernetes.default.svc", namespace: "apps" },
    },
  });
  const configMap = item(
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "apps" } },
    "apps",
  );
  const clusterRole = item(
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" } },
    "apps",
  );
  const messages = (spec: Record<string, unknown>) =>
    checkProjectPermissions(inventoryOf(project(spec), app, configMap, clusterRole)).map(
      (finding) => `${finding.kind}: ${finding.message.split(";")[0]}`,
    );

  it("follows Argo CD's lists: an empty namespace whitelist admits nothing, an absent one everything; blacklists win", () => {
    expect(messages({ clusterResourceWhitelist: [{ group: "*", kind: "*" }] })).toEqual([]);
    expect(messages({ clusterResourceWhitelist: [{ group: "*", kind: "*" }], namespaceResourceWhitelist: [] })).toEqual(
      [
        "ConfigMap: ConfigMap is not in project platform's namespaceResourceWhitelist, or is in its namespaceResourceBlacklist",
      ],
    );
    expect(
      messages({
        clusterResourceWhitelist: [{ group: "*", kind: "*" }],
        clusterResourceBlacklist: [{ group: "rbac.authorization.k8s.io", kind: "ClusterRole" }],
      }),
    ).toEqual([
      "ClusterRole: cluster-scoped rbac.authorization.k8s.io/ClusterRole is not in project platform's clusterResourceWhitelist, or is in its clusterResourceBlacklist",
    ]);
    expect(
      messages({
        clusterResourceWhitelist: [{ group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "writer" }],
      }),
    ).toEqual([
      "ClusterRole: cluster-scoped rbac.authorization.k8s.io/ClusterRole is not in project platform's clusterResourceWhitelist, or is in its clusterResourceBlacklist",
    ]);
  });
});
