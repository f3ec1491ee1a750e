// The whole inventory against a real kube-apiserver, in the order Argo CD applies it: the CRDs the charts
// render (not a separate copy), Namespaces and ServiceAccounts for real, then every other object, wave by wave, as a server-side
// dry run with strict field validation. The server's admission (Pod Security included) has the last word.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Inventory, InventoryObject } from "../inventory/inventory.ts";
import { toYaml } from "../render/manifest-files.ts";
import type { LocalCluster } from "../tools/local-cluster.ts";
import { gateFinding, type GateFinding } from "./gate.ts";

const APPLY = ["apply", "--server-side", "--field-manager=trellis", "--validate=strict", "--force-conflicts"];
/** Created for real, because later objects need them: kinds, namespaces, and the ServiceAccounts pods run as. */
const REAL_KINDS = new Set(["Namespace", "CustomResourceDefinition", "ServiceAccount"]);

export async function dryRunInventory(cluster: LocalCluster, inventory: Inventory): Promise<GateFinding[]> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-apiserver-"));
  const findings: GateFinding[] = [];
  try {
    const indexed = inventory.objects.map((item, index) => ({ item, index }));
    const apply = async (batch: readonly { item: InventoryObject; index: number }[], name: string, dryRun: boolean) => {
      if (batch.length === 0) return;
      const batchFolder = join(folder, name);
      await mkdir(batchFolder, { recursive: true });
      await Promise.all(
        batch.map(({ item, index }) => writeFile(join(batchFolder, `${index}.yaml`), toYaml(item.object))),
      );
      const result = await cluster.kubectl([...APPLY, ...(dryRun ? ["--dry-run=server"] : []), "-f", batchFolder]);
      if (result.code === 0) return;
      // kubectl names the file of each object the server refused.
      const reported = new Set<number>();
      for (const line of result.stderr.split("\n").filter(Boolean)) {
        const index = Number(/\/(\d+)\.yaml/.exec(line)?.[1]);
        const item = inventory.objects[index];
        if (item && !reported.has(index)) {
          reported.add(index);
          findings.push(
            gateFinding(
              "api-server",
              inventory.environment,
              item,
              line.replace(/error when \w+ "[^"]*\/\d+\.yaml": /, "").trim(),
            ),
          );
        }
      }
      if (reported.size > 0) return;
      // Some refusals (admission) name the object but not the file: apply one by one to tell which.
      for (const { item, index } of batch) {
        const single = await cluster.kubectl([
          ...APPLY,
          ...(dryRun ? ["--dry-run=server"] : []),
          "-f",
          join(batchFolder, `${index}.yaml`),
        ]);
        if (single.code !== 0)
          findings.push(
            gateFinding("api-server", inventory.environment, item, single.stderr.trim().split("\n").join(" ")),
          );
      }
    };
    // CRDs first, whoever installs them, then wait until the server serves their kinds.
    const crds = indexed.filter(({ item }) => item.object.kind === "CustomResourceDefinition");
    await apply(crds, "crds", false);
    const established = await cluster.kubectl([
      "wait",
      "--for=condition=Established",
      "crd",
      "--all",
      "--timeout=120s",
    ]);
    if (established.code !== 0) throw new Error(`CRDs not established: ${established.stderr}`);
    // Then wave by wave: the Application's wave in its parent, then the object's own wave inside it.
    const waves = [...new Set(indexed.map(({ item }) => `${item.wave.application}/${item.wave.own}`))].sort((a, b) => {
      const [applicationA = 0, ownA = 0] = a.split("/").map(Number);
      const [applicationB = 0, ownB = 0] = b.split("/").map(Number);
      return applicationA - applicationB || ownA - ownB;
    });
    for (const wave of waves) {
      const batch = indexed.filter(
        ({ item }) =>
          `${item.wave.application}/${item.wave.own}` === wave && item.object.kind !== "CustomResourceDefinition",
      );
      const name = wave.replace("/", "_").replaceAll("-", "m");
      const namespaces = batch.filter(({ item }) => item.object.kind === "Namespace");
      await apply(namespaces, `${name}-namespaces`, false);
      // kube-controller-manager gives every new namespace its `default` ServiceAccount, which pods without one use.
      for (const { item } of namespaces)
        await cluster.kubectl([
          "create",
          "serviceaccount",
          "default",
          "--namespace",
          String(item.object.metadata.name),
        ]);
      await apply(
        batch.filter(({ item }) => REAL_KINDS.has(String(item.object.kind)) && item.object.kind !== "Namespace"),
        `${name}-real`,
        false,
      );
      await apply(
        batch.filter(({ item }) => !REAL_KINDS.has(String(item.object.kind))),
        `${name}-dry`,
        true,
      );
    }
    return findings;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
