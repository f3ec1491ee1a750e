// What the bootstrap installs is Argo CD v3.5.1 itself: the objects of the release's own manifests, read from the
// file the bootstrap uses, with that release's images, CRDs and arguments. Only the namespace and the two
// ConfigMaps the platform configures differ from the file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { argoCdInstall, type ManifestObject } from "../../argocd/bootstrap/install-manifests.ts";
import { ARGOCD_CM, ARGOCD_PARAMS } from "../../argocd/bootstrap/argocd-settings.ts";
import { argoCdImages, HAPROXY_IMAGE } from "../../argocd/rehearse/argocd-images.ts";
import { loadConfig } from "../../lib/config.ts";
import { loadPlatform } from "../../lib/synth.ts";
import { ARGOCD } from "../../versions.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const config = await loadConfig(PROJECT_ROOT);
const platform = await loadPlatform(PROJECT_ROOT);
const argocdOf = (environment: string) => {
  const found = platform.environments.find((candidate) => candidate.name === environment);
  if (!found) throw new Error(`no environment ${environment}`);
  return found.argocd;
};

async function documentsOf(file: string): Promise<ManifestObject[]> {
  return parseAllDocuments(await readFile(join(PROJECT_ROOT, file), "utf8"))
    .map((document) => document.toJS() as ManifestObject | null)
    .filter((object): object is ManifestObject => object !== null);
}

const containersOf = (object: ManifestObject) => {
  const spec = (object.spec as { template?: { spec?: { containers?: any[]; initContainers?: any[] } } } | undefined)
    ?.template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])] as {
    name: string;
    image: string;
    command?: string[];
    args?: string[];
  }[];
};

describe.each(["dev", "prod"])("Argo CD as the %s bootstrap installs it", (environment) => {
  it("comes from the release's own file, standard or HA as the environment says", async () => {
    const install = await argoCdInstall(PROJECT_ROOT, config, argocdOf(environment));
    expect(install.source).toBe(environment === "prod" ? config.argocd.install.ha : config.argocd.install.standard);
    expect(install.source).toContain(ARGOCD.version);
  });

  it(`runs ${ARGOCD.version}'s image in every Argo CD container, and the release's pinned images elsewhere`, async () => {
    const install = await argoCdInstall(PROJECT_ROOT, config, argocdOf(environment));
    const images = install.objects.flatMap(containersOf).map((container) => container.image);
    const argocd = images.filter((image) => image.startsWith("quay.io/argoproj/argocd"));
    expect(argocd.length).toBeGreaterThan(5);
    expect(new Set(argocd)).toEqual(new Set([`quay.io/argoproj/argocd:${ARGOCD.version}`]));
    // Redis, Dex (and HAProxy in HA) at the tags the release pins; never a floating tag.
    for (const image of images) expect(image, image).toMatch(/:[\w.-]+$/);
    for (const image of images) expect(image).not.toMatch(/:latest$/);
  });

  it("has the rehearsal run every image of it as a process but Dex's (a release that moved Redis or HAProxy to another tag would leave those pods simulated)", async () => {
    const install = await argoCdInstall(PROJECT_ROOT, config, argocdOf(environment));
    const images = new Set(install.objects.flatMap(containersOf).map((container) => container.image));
    const known = new Set(
      argoCdImages({
        argocd: "argocd",
        helm: "helm",
        kustomize: "kustomize",
        redisServer: "redis-server",
        haproxy: "haproxy",
        scripts: { gpgWrapper: "gpg-wrapper.sh", gitVerifyWrapper: "git-verify-wrapper.sh" },
      }).map((image) => image.image),
    );
    expect([...images].filter((image) => !known.has(image))).toEqual([
      expect.stringMatching(/^ghcr\.io\/dexidp\/dex:/),
    ]);
    expect(images.has(HAPROXY_IMAGE)).toBe(environment === "prod");
  });

  it("installs the release's CRDs, the same as the schemas' copy of v3.5.1 (tagPrefix and sourceIntegrity included)", async () => {
    const install = await argoCdInstall(PROJECT_ROOT, config, argocdOf(environment));
    expect(install.crds.map((crd) => crd.metadata.name).sort()).toEqual([
      "applications.argoproj.io",
      "applicationsets.argoproj.io",
      "appprojects.argoproj.io",
    ]);
    for (const file of ["application-crd.yaml", "applicationset-crd.yaml", "appproject-crd.yaml"]) {
      const [expected] = await documentsOf(`../shared/schemas/crds-raw/argo-cd-${ARGOCD.version}/${file}`);
      expect(
        install.crds.find((crd) => crd.metadata.name === expected?.metadata.name),
        file,
      ).toEqual(expected);
    }
    const text = JSON.stringify(install.crds);
    expect(text).toContain("tagPrefix");
    expect(text).toContain("sourceIntegrity");
  });

  it("keeps every object of the file as published, commands and arguments included, but for the namespace and the platform's settings", async () => {
    const argocd = argocdOf(environment);
    const install = await argoCdInstall(PROJECT_ROOT, config, argocd);
    const published = await documentsOf(install.source);
    const applied = [...install.crds, ...install.objects];
    expect(applied.length).toBe(published.length);
    for (const original of published) {
      const found = applied.find(
        (object) => object.kind === original.kind && object.metadata.name === original.metadata.name,
      );
      expect(found, `${original.kind} ${original.metadata.name}`).toBeDefined();
      const { namespace, ...metadata } = found?.metadata ?? { name: "" };
      expect(namespace).toBe(
        ["CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"].includes(original.kind)
          ? undefined
          : argocd.namespace,
      );
      const settings =
        original.kind === "ConfigMap"
          ? { "argocd-cm": ARGOCD_CM, "argocd-cmd-params-cm": ARGOCD_PARAMS }[original.metadata.name]
          : undefined;
      expect({ ...found, metadata }).toEqual(
        settings ? { ...original, data: { ...((original.data as object | undefined) ?? {}), ...settings } } : original,
      );
    }
  });
});

describe("a namespace the release's manifests were not written for", () => {
  it("is refused: the release binds its ClusterRoles to ServiceAccounts in argocd", async () => {
    await expect(argoCdInstall(PROJECT_ROOT, config, { ...argocdOf("dev"), namespace: "gitops" })).rejects.toThrow(
      'ServiceAccounts in namespace "argocd"',
    );
  });
});
