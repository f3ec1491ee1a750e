// What Argo CD would do during `pulumi destroy`, done here because Argo CD does not run in this rehearsal (the
// cluster's own controllers do: the garbage collector and the namespace controller finish every other deletion).
// `resources-finalizer.argocd.argoproj.io` on an AppProject: Argo CD removes it once no Application uses the project
// (none exist here: no ApplicationSet controller created any).
import type { LocalCluster } from "../../lib/tools/local-cluster.ts";

export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface Listed {
  apiVersion: string;
  kind: string;
  spec?: { project?: string };
  metadata: {
    name: string;
    namespace?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    uid: string;
    ownerReferences?: { uid: string }[];
  };
}

const ARGOCD_PROJECT = "resources-finalizer.argocd.argoproj.io";

function kubectlType(ref: KindRef): string {
  const [group, version] = ref.apiVersion.includes("/") ? ref.apiVersion.split("/") : ["", ref.apiVersion];
  return `${ref.kind}.${version}.${group}`;
}

/** Runs until `stop` is called; returns how many objects it released. */
export function standInForArgoCd(cluster: LocalCluster, kinds: readonly KindRef[]): { stop(): Promise<number> } {
  let running = true;
  let released = 0;
  const loop = (async () => {
    while (running) {
      const items = await listKinds(cluster, kinds);
      const terminating = items.filter((item) => item.metadata.deletionTimestamp && item.metadata.finalizers?.length);
      const projectsInUse = terminating.some((item) => item.kind === "AppProject")
        ? new Set(
            ((await list(cluster, "Application.v1alpha1.argoproj.io")) ?? []).map(
              (application) => application.spec?.project,
            ),
          )
        : new Set<string | undefined>();
      const releasable = (item: Listed, finalizer: string) =>
        finalizer === ARGOCD_PROJECT && item.kind === "AppProject" && !projectsInUse.has(item.metadata.name);
      for (const item of terminating.filter((candidate) =>
        candidate.metadata.finalizers!.some((finalizer) => releasable(candidate, finalizer)),
      )) {
        const finalizers = item.metadata.finalizers!.filter((finalizer) => !releasable(item, finalizer));
        const patched = await cluster.kubectl([
          "patch",
          `${kubectlType(item)}/${item.metadata.name}`,
          ...(item.metadata.namespace ? ["-n", item.metadata.namespace] : []),
          "--type",
          "merge",
          "-p",
          JSON.stringify({ metadata: { finalizers } }),
        ]);
        if (patched.code === 0) released += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return released;
    },
  };
}

/** Every object of these kinds: one kubectl call, or one per kind once a CRD has gone. */
export async function listKinds(cluster: LocalCluster, kinds: readonly KindRef[]): Promise<Listed[]> {
  const types = [...new Set(kinds.map(kubectlType))];
  return (
    (await list(cluster, types.join(","))) ??
    (await Promise.all(types.map(async (type) => (await list(cluster, type)) ?? []))).flat()
  );
}

/** undefined when kubectl refuses the list, as it does for a type whose CRD is gone. */
async function list(cluster: LocalCluster, types: string): Promise<Listed[] | undefined> {
  const result = await cluster.kubectl(["get", types, "--all-namespaces", "--ignore-not-found", "-o", "json"]);
  if (result.code !== 0) return undefined;
  if (result.stdout.trim() === "") return [];
  return (JSON.parse(result.stdout) as { items: Listed[] }).items;
}
