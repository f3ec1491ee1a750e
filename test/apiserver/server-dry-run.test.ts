// Why the waves are needed, shown by a real kube-apiserver (with etcd, on loopback): applying a layer before the
// one it depends on fails with the server's own error, and the server's schemas refuse what they forbid. Every
// environment's whole inventory is admitted in wave order by inventory-dry-run.test.ts.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { LocalCluster } from "../../lib/tools/local-cluster.ts";
import { clusterPerDescribe } from "../support/local-cluster.ts";
import { PROJECT_ROOT, renderedDeploy } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const CRDS = join(PROJECT_ROOT, "..", "shared", "schemas", "crds-raw");
const deploy = await renderedDeploy();

/** Kinds applied for real, because later layers need them to exist. */
const REAL_KINDS = new Set(["Namespace", "CustomResourceDefinition"]);
const APPLY = ["apply", "--server-side", "--field-manager=trellis", "--validate=strict", "--force-conflicts"];

async function manifestsIn(folder: string): Promise<{ path: string; kind: string }[]> {
  const files = (await readdir(folder))
    .filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml")
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      path: join(folder, file),
      kind: String(parse(await readFile(join(folder, file), "utf8")).kind),
    })),
  );
}

const fileArgs = (paths: readonly string[]) => paths.flatMap((path) => ["-f", path]);

async function apply(cluster: LocalCluster, folder: string) {
  const manifests = await manifestsIn(folder);
  const real = manifests.filter((m) => REAL_KINDS.has(m.kind)).map((m) => m.path);
  const dry = manifests.filter((m) => !REAL_KINDS.has(m.kind)).map((m) => m.path);
  const results = [];
  if (real.length > 0) results.push(await cluster.kubectl([...APPLY, ...fileArgs(real)]));
  if (dry.length > 0) results.push(await cluster.kubectl([...APPLY, "--dry-run=server", ...fileArgs(dry)]));
  return {
    code: Math.max(0, ...results.map((r) => r.code)),
    output: results.map((r) => `${r.stdout}${r.stderr}`).join(""),
  };
}

async function installCrds(cluster: LocalCluster): Promise<void> {
  const files = (await readdir(CRDS, { recursive: true }))
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => join(CRDS, file));
  const result = await cluster.kubectl([...APPLY, ...fileArgs(files)]);
  expect(result.code, result.stderr).toBe(0);
  const established = await cluster.kubectl(["wait", "--for=condition=Established", "crd", "--all", "--timeout=120s"]);
  expect(established.code, established.stderr).toBe(0);
}

// One server for both halves: first without the CRDs, then with them (the nested describe installs them
// after the first test ran; tests of a file run in order).
describe("kube-apiserver v1.36", () => {
  const cluster = clusterPerDescribe();

  it("refuses custom resources before their CRDs exist", async () => {
    const result = await apply(cluster(), join(deploy, "prod", "runtime"));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /no matches for kind "(Component|Configuration|Resiliency|Subscription|Instrumentation|ExternalSecret|ClusterSecretStore)"/,
    );
  });

  describe("with the CRDs and no namespaces", () => {
    beforeAll(async () => installCrds(cluster()));

    it("refuses an app layer before its namespaces exist, with the API server's own error", async () => {
      const result = await apply(cluster(), join(deploy, "prod", "apps"));
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('namespaces "orders" not found');
    });

    it("rejects what the schemas forbid: an unknown field, and a Resiliency without targets", async () => {
      // A namespace of its own, so this case neither needs nor leaves the environments' namespaces.
      await cluster().kubectl(["create", "namespace", "schema-check"]);
      const inOwnNamespace = (yaml: string) => yaml.replace(/^  namespace: orders$/m, "  namespace: schema-check");
      const folder = await testFolder("dry-run");
      const component = inOwnNamespace(
        await readFile(join(deploy, "prod", "runtime", "component-statestore.yaml"), "utf8"),
      );
      await writeFile(join(folder, "component.yaml"), component.replace("spec:\n", "spec:\n  colour: blue\n"));
      const unknown = await cluster().kubectl([...APPLY, "--dry-run=server", "-f", join(folder, "component.yaml")]);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain(".spec.colour: field not declared in schema");
      const resiliency = inOwnNamespace(
        await readFile(join(deploy, "prod", "apps", "resiliency-order-api.yaml"), "utf8"),
      );
      await writeFile(join(folder, "component.yaml"), resiliency.replace(/\n  targets:[\s\S]*$/, "\n"));
      const incomplete = await cluster().kubectl([...APPLY, "--dry-run=server", "-f", join(folder, "component.yaml")]);
      expect(incomplete.code).not.toBe(0);
      expect(incomplete.stderr).toContain("spec.targets: Required value");
    });
  });
});
