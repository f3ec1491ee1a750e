// Argo CD builds each layer folder with kustomize: the build must yield exactly the objects of the folder's files.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { kustomizeBuild } from "../../lib/tools/kustomize.ts";
import { readManifests } from "../support/manifests.ts";
import { PROJECT_ROOT, renderedDeploy } from "../support/project.ts";

const deploy = await renderedDeploy();
const manifests = await readManifests();
/** Every folder that holds a kustomization.yaml: deploy/<env>/<layer>/ and deploy/argocd/. */
const folders = (await readdir(deploy, { recursive: true }))
  .filter((path) => path.endsWith("kustomization.yaml"))
  .map((path) => path.split("/").slice(0, -1).join("/"))
  .sort();

const identity = (object: { kind: string; metadata: { namespace?: string; name: string } }) =>
  `${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;

describe("kustomize build of every layer folder", () => {
  it.each(folders)("%s", async (folder) => {
    const built = parseAllDocuments(await kustomizeBuild(inject("kustomize"), join(deploy, folder)), {
      version: "1.1",
    }).map((document) => document.toJS());
    const expected = manifests
      .filter((m) => [m.environment, m.layer].filter(Boolean).join("/") === folder)
      .map((m) => m.object);
    expect(expected.length).toBeGreaterThan(0);
    const byIdentity = (objects: typeof expected) => [...objects].sort((a, b) => (identity(a) < identity(b) ? -1 : 1));
    expect(byIdentity(built)).toEqual(byIdentity(expected));
  });
});
