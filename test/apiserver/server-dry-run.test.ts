// A real kube-apiserver (with etcd, on loopback) accepts every environment's rendered objects in wave order:
// CRDs and Namespaces for real, everything else as a server-side, strictly validated dry run. Applying a
// layer before the one it depends on fails with the server's own error, which shows the waves are needed.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { LAYERS } from "../../lib/model/layers.ts";
import { startLocalCluster, type LocalCluster } from "../../lib/tools/local-cluster.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const DEPLOY = join(PROJECT_ROOT, "deploy");
const CRDS = join(PROJECT_ROOT, "..", "shared", "schemas", "crds-raw");
const controlPlane = inject("controlPlane");
const unavailable = "unavailable" in controlPlane ? controlPlane.unavailable : undefined;
if (unavailable) process.stderr.write(`SKIPPED the API-server suite: the control plane could not be built on this machine:\n${unavailable}\n`);

/** Kinds applied for real, because later layers need them to exist. */
const REAL_KINDS = new Set(["Namespace", "CustomResourceDefinition"]);
const APPLY = ["apply", "--server-side", "--field-manager=trellis", "--validate=strict", "--force-conflicts"];

async function manifestsIn(folder: string): Promise<{ path: string; kind: string }[]> {
  const files = (await readdir(folder)).filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml").sort();
  return Promise.all(files.map(async (file) => ({ path: join(folder, file), kind: String(parse(await readFile(join(folder, file), "utf8")).kind) })));
}

const fileArgs = (paths: readonly string[]) => paths.flatMap((path) => ["-f", path]);

describe.skipIf(unavailable !== undefined)("kube-apiserver v1.36 server-side dry run", () => {
  let cluster: LocalCluster;
  const apply = async (folder: string) => {
    const manifests = await manifestsIn(folder);
    const real = manifests.filter((m) => REAL_KINDS.has(m.kind)).map((m) => m.path);
    const dry = manifests.filter((m) => !REAL_KINDS.has(m.kind)).map((m) => m.path);
    const results = [];
    if (real.length > 0) results.push(await cluster.kubectl([...APPLY, ...fileArgs(real)]));
    if (dry.length > 0) results.push(await cluster.kubectl([...APPLY, "--dry-run=server", ...fileArgs(dry)]));
    return { code: Math.max(0, ...results.map((r) => r.code)), output: results.map((r) => `${r.stdout}${r.stderr}`).join("") };
  };

  beforeAll(async () => {
    if ("unavailable" in controlPlane) return;
    cluster = await startLocalCluster(controlPlane, (line) => process.stderr.write(`${line}\n`));
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("refuses custom resources before their CRDs exist", async () => {
    const result = await apply(join(DEPLOY, "prod", "runtime"));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/no matches for kind "(Component|Configuration|Resiliency|Subscription|Instrumentation|ExternalSecret|ClusterSecretStore)"/);
  });

  it("installs every upstream CRD", async () => {
    const files = (await readdir(CRDS, { recursive: true })).filter((file) => file.endsWith(".yaml")).sort().map((file) => join(CRDS, file));
    const result = await cluster.kubectl([...APPLY, ...fileArgs(files)]);
    expect(result.code, result.stderr).toBe(0);
    const established = await cluster.kubectl(["wait", "--for=condition=Established", "crd", "--all", "--timeout=120s"]);
    expect(established.code, established.stderr).toBe(0);
  });

  it("refuses an app layer before its namespaces exist, with the API server's own error", async () => {
    const result = await apply(join(DEPLOY, "prod", "apps"));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('namespaces "orders" not found');
  });

  it.each(["dev", "staging", "prod"])("accepts every object of %s, layer by layer in wave order", async (environment) => {
    // What the bootstrap does: Argo CD's namespace, then the root's AppProject and layer Applications.
    await cluster.kubectl(["create", "namespace", "argocd"]);
    const root = await apply(join(DEPLOY, environment, "argocd"));
    expect(root.code, root.output).toBe(0);
    const layers = [...LAYERS].sort((a, b) => a.wave - b.wave);
    for (const layer of layers) {
      const result = await apply(join(DEPLOY, environment, layer.name));
      expect(result.code, `${environment}/${layer.name}:\n${result.output}`).toBe(0);
    }
    const shared = await apply(join(DEPLOY, "argocd"));
    expect(shared.code, shared.output).toBe(0);
  });

  it("rejects what the schemas forbid: an unknown field, and a Resiliency without targets", async () => {
    const folder = await mkdtemp(join(tmpdir(), "trellis-dry-run-"));
    const component = await readFile(join(DEPLOY, "prod", "runtime", "component-statestore.yaml"), "utf8");
    await writeFile(join(folder, "component.yaml"), component.replace("spec:\n", "spec:\n  colour: blue\n"));
    const unknown = await apply(folder);
    expect(unknown.code).not.toBe(0);
    expect(unknown.output).toContain(".spec.colour: field not declared in schema");
    const resiliency = await readFile(join(DEPLOY, "prod", "runtime", "resiliency-order-api.yaml"), "utf8");
    await writeFile(join(folder, "component.yaml"), resiliency.replace(/\n  targets:[\s\S]*$/, "\n"));
    const incomplete = await apply(folder);
    expect(incomplete.code).not.toBe(0);
    expect(incomplete.output).toContain("spec.targets: Required value");
  });
});

