// What Argo CD will do with deploy/: every layer has an Application in the planned wave, every custom
// resource's CRD is installed by an Application in an earlier wave, every namespace exists before it is used.
import { describe, expect, it } from "vitest";
import { destinationOf, isDestinationPermitted } from "../../argocd/project-permissions.ts";
import { CHARTS } from "../../versions.ts";
import { readManifests, type Manifest } from "../support/manifests.ts";

const manifests = await readManifests();
const ENVIRONMENTS = ["dev", "staging", "prod"];
const WAVE = "argocd.argoproj.io/sync-wave";
/** Groups Argo CD and Kubernetes bring themselves: the bootstrap installs Argo CD before any wave. */
const PRESENT_BEFORE_WAVES = new Set([
  "",
  "apps",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "argoproj.io",
]);

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "");

/** The wave in which each file of an environment is synced: that of the layer Application whose path holds it. */
function wavesOf(environment: string): Map<string, number> {
  const waves = new Map<string, number>();
  for (const app of manifests.filter(
    (m) => m.environment === environment && m.layer === "argocd" && m.object.kind === "Application",
  )) {
    const layer = String(app.object.spec.source.path).split("/").at(-1) ?? "";
    waves.set(layer, Number(app.object.metadata.annotations?.[WAVE]));
  }
  return waves;
}

const layerWave = (environment: string, manifest: Manifest) => wavesOf(environment).get(manifest.layer) ?? Number.NaN;

describe.each(ENVIRONMENTS)("deploy/%s/argocd", (environment) => {
  const waves = wavesOf(environment);

  it("has one Application per layer folder, each in the wave of the layer plan", () => {
    const layers = [
      ...new Set(manifests.filter((m) => m.environment === environment && m.layer !== "argocd").map((m) => m.layer)),
    ].sort();
    expect([...waves.keys()].sort()).toEqual(layers);
    // The plan of DESIGN.md §3, written out here rather than read from the code that renders it.
    expect(Object.fromEntries(waves)).toEqual({
      namespaces: 0,
      "cert-manager": 1,
      operators: 2,
      observability: 3,
      runtime: 4,
      apps: 5,
    });
  });

  it("installs the CRD of every custom resource in an earlier wave", () => {
    const chartApps = manifests.filter(
      (m) =>
        m.environment === environment &&
        m.object.kind === "Application" &&
        m.layer !== "argocd" &&
        m.object.spec.source.chart,
    );
    const installedIn = new Map<string, number>();
    for (const app of chartApps) {
      const chart = Object.values(CHARTS).find((candidate) => candidate.chart === app.object.spec.source.chart);
      for (const group of chart?.crdGroups ?? []) installedIn.set(group, layerWave(environment, app));
    }
    const custom = manifests.filter(
      (m) =>
        m.environment === environment &&
        m.layer !== "argocd" &&
        !PRESENT_BEFORE_WAVES.has(groupOf(m.object.apiVersion)),
    );
    expect(custom.length).toBeGreaterThan(0);
    for (const manifest of custom) {
      const group = groupOf(manifest.object.apiVersion);
      expect(
        installedIn.get(group),
        `${manifest.layer}/${manifest.file}: no Application installs ${group}`,
      ).toBeDefined();
      expect(installedIn.get(group), `${manifest.layer}/${manifest.file}`).toBeLessThan(
        layerWave(environment, manifest),
      );
    }
  });

  it("skips the dry run of custom resources whose CRD another Application installs", () => {
    for (const app of manifests.filter(
      (m) => m.environment === environment && m.layer === "argocd" && m.object.kind === "Application",
    )) {
      const layer = String(app.object.spec.source.path).split("/").at(-1);
      const needsSkip = manifests.some(
        (m) =>
          m.environment === environment && m.layer === layer && !PRESENT_BEFORE_WAVES.has(groupOf(m.object.apiVersion)),
      );
      expect(
        app.object.spec.syncPolicy.syncOptions?.includes("SkipDryRunOnMissingResource=true") ?? false,
        app.file,
      ).toBe(needsSkip);
    }
  });

  it("creates every namespace in an earlier wave than the first object or chart release in it", () => {
    const created = new Map(
      manifests
        .filter((m) => m.environment === environment && m.object.kind === "Namespace")
        .map((m) => [m.object.metadata.name, layerWave(environment, m)] as const),
    );
    const users = manifests.filter(
      (m) => m.environment === environment && m.layer !== "argocd" && m.layer !== "namespaces",
    );
    for (const manifest of users) {
      const namespaces = [
        manifest.object.metadata.namespace,
        manifest.object.kind === "Application" ? manifest.object.spec.destination.namespace : undefined,
      ];
      for (const namespace of namespaces.filter((n): n is string => n !== undefined && n !== "argocd")) {
        expect(created.get(namespace), `${manifest.layer}/${manifest.file} uses ${namespace}`).toBeLessThan(
          layerWave(environment, manifest),
        );
      }
    }
  });

  it("retries every Application's sync with backoff and deletes its resources with it", () => {
    for (const app of manifests.filter((m) => m.environment === environment && m.object.kind === "Application")) {
      expect(app.object.spec.syncPolicy.retry, app.file).toEqual({
        limit: 10,
        backoff: { duration: "30s", factor: 2, maxDuration: "10m" },
      });
      expect(app.object.metadata.finalizers, app.file).toContain("resources-finalizer.argocd.argoproj.io");
    }
  });

  it("confines the Applications to the environment's AppProject: this repository, the pinned charts, its namespaces", () => {
    const project = manifests.find((m) => m.environment === environment && m.object.kind === "AppProject")?.object;
    const apps = manifests.filter((m) => m.environment === environment && m.object.kind === "Application");
    for (const app of apps) {
      expect(app.object.spec.project).toBe(project?.metadata.name);
      expect(project?.spec.sourceRepos).toContain(app.object.spec.source.repoURL);
      // Argo CD compares an empty destination namespace too, and only "*" matches it: every Application names one.
      expect(app.object.spec.destination.namespace, app.file).toMatch(/^[a-z0-9-]+$/);
      expect(isDestinationPermitted(project?.spec.destinations ?? [], destinationOf(app.object)), app.file).toBe(true);
    }
    expect(project?.spec.sourceRepos).not.toContain("*");
    expect(project?.spec.clusterResourceWhitelist).not.toContainEqual({ group: "*", kind: "*" });
  });
});

describe("deploy/argocd", () => {
  const appSet = manifests.find((m) => m.environment === "argocd" && m.object.kind === "ApplicationSet")?.object;

  it("generates one root Application per environment from the cluster label, with missingkey=error", () => {
    expect(appSet?.spec.goTemplateOptions).toEqual(["missingkey=error"]);
    const selected = appSet?.spec.generators.map((g: any) => g.clusters.selector.matchLabels["trellis.io/environment"]);
    expect(selected.sort()).toEqual(ENVIRONMENTS.slice().sort());
    expect(appSet?.spec.template.spec.source.path).toBe("deploy/{{.values.environment}}/argocd");
  });

  it("sets no sync wave on the generated Applications, which Argo CD would ignore", () => {
    expect(JSON.stringify(appSet?.spec.template)).not.toContain("sync-wave");
  });

  it("pins prod to a tag or commit, never HEAD or a branch", () => {
    const prod = appSet?.spec.generators.find((g: any) => g.clusters.values.environment === "prod").clusters.values;
    expect(prod.revision).not.toBe("HEAD");
    expect(prod.revision).not.toBe("main");
    expect(prod.revision).toMatch(/^(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
  });
});

describe("deleting the ApplicationSet, or a generator that stops matching", () => {
  it("keeps every environment's objects: the controller never deletes a root, and no root carries the resources finalizer", () => {
    const appSet = manifests.find((m) => m.environment === "argocd" && m.object.kind === "ApplicationSet");
    expect(appSet?.object.spec.syncPolicy).toEqual({
      preserveResourcesOnDeletion: true,
      applicationsSync: "create-update",
    });
    expect(appSet?.object.spec.template.metadata.finalizers).toBeUndefined();
  });
});
