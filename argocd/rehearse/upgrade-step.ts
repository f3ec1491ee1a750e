// The upgrade rehearsal: the environment is installed from an earlier revision's deploy/, then the working tree's
// deploy/ is served as the next commit and every Application is refreshed, as a merge to the tracked branch does.
// What Argo CD changed (each Application's synced revision), what rolled (a Deployment's revision, a StatefulSet's or
// DaemonSet's update revision) and any refusal, in Argo CD's own words, become the `upgrade` check.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CommandResult } from "../../lib/tools/processes.ts";
import { runToEnd } from "../../lib/tools/processes.ts";
import type { ApplicationRecord } from "./argocd-sync.ts";
import type { Check } from "./check.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

/**
 * From an installed `from`: serves the working tree's deploy/ as the next commit, refreshes every Application, waits
 * until Argo CD compared the repository's Applications with it, then watches the sync (`watch`) and judges it.
 */
export async function rehearseUpgrade(
  kubectl: Kubectl,
  argocd: { readonly namespace: string; readonly repoURL: string },
  from: string,
  origin: { advance(): Promise<string> },
  watch: () => Promise<{ readonly applications: ApplicationRecord[] }>,
): Promise<{ applications: ApplicationRecord[]; check: Check }> {
  const state = async () => ({
    revisions: await syncedRevisions(kubectl, argocd.namespace),
    rollouts: await rollouts(kubectl),
  });
  const before = await state();
  const commit = await origin.advance();
  await refreshAll(kubectl, argocd.namespace);
  const behind = await comparedWith(kubectl, argocd.namespace, argocd.repoURL, commit, 300_000);
  const { applications } = await watch();
  return { applications, check: upgradeCheck(from, before, await state(), applications, behind) };
}

/** `previous` names the newest commit whose deploy/ for the environment differs from the working tree's. */
export const PREVIOUS = "previous";

/** The commit to install first: REV as given, or for `previous` the last one whose output differs; undefined if none. */
export async function resolveFrom(root: string, from: string, environment: string): Promise<string | undefined> {
  const paths = [`deploy/${environment}`, "deploy/argocd"];
  if (from !== PREVIOUS) {
    const resolved = await runToEnd("git", ["rev-parse", "--verify", `${from}^{commit}`], { cwd: root });
    if (resolved.code !== 0) throw new Error(`--from ${from}: not a commit of this repository`);
    return resolved.stdout.trim();
  }
  const listed = await runToEnd("git", ["rev-list", "HEAD", "--", ...paths], { cwd: root });
  for (const commit of listed.stdout.split("\n").filter(Boolean)) {
    const same = await runToEnd("git", ["diff", "--quiet", commit, "--", ...paths], { cwd: root });
    if (same.code === 1) return commit;
  }
  return undefined;
}

/** The revision's deploy/ for the environment, unpacked under `folder`; its path. */
export async function deployAt(root: string, revision: string, environment: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const archive = join(folder, "deploy.tar");
  const archived = await runToEnd("git", ["archive", "--output", archive, revision, `deploy/${environment}`], {
    cwd: root,
  });
  if (archived.code !== 0)
    throw new Error(`cannot read deploy/${environment} of ${revision}: ${archived.stderr.trim()}`);
  const unpacked = await runToEnd("tar", ["-xf", archive, "-C", folder]);
  if (unpacked.code !== 0)
    throw new Error(`cannot unpack deploy/${environment} of ${revision}: ${unpacked.stderr.trim()}`);
  return join(folder, "deploy", environment);
}

/** "Deployment ns/name" → its rollout revision, for every workload of the cluster. */
async function rollouts(kubectl: Kubectl): Promise<Map<string, string>> {
  const listed = await kubectl(["get", "deployments,statefulsets,daemonsets", "-A", "-o", "json"]);
  const found = new Map<string, string>();
  if (listed.code !== 0) return found;
  const items = (
    JSON.parse(listed.stdout) as {
      items: {
        kind: string;
        metadata: { name: string; namespace: string; generation?: number; annotations?: Record<string, string> };
        status?: { updateRevision?: string };
      }[];
    }
  ).items;
  for (const item of items)
    found.set(
      `${item.kind} ${item.metadata.namespace}/${item.metadata.name}`,
      item.kind === "Deployment"
        ? (item.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? "")
        : (item.status?.updateRevision ?? String(item.metadata.generation ?? "")),
    );
  return found;
}

/** Application name → the revision Argo CD last synced it to. */
async function syncedRevisions(kubectl: Kubectl, namespace: string): Promise<Map<string, string>> {
  const listed = await kubectl(["get", "applications.argoproj.io", "-n", namespace, "-o", "json"]);
  const found = new Map<string, string>();
  if (listed.code !== 0) return found;
  for (const item of (
    JSON.parse(listed.stdout) as {
      items: { metadata: { name: string }; status?: { sync?: { revision?: string; revisions?: string[] } } }[];
    }
  ).items)
    found.set(item.metadata.name, item.status?.sync?.revision ?? (item.status?.sync?.revisions ?? []).join(","));
  return found;
}

/** Asks Argo CD to compare every Application with its source now, as the UI's hard refresh does. */
async function refreshAll(kubectl: Kubectl, namespace: string): Promise<void> {
  await kubectl([
    "annotate",
    "applications.argoproj.io",
    "--all",
    "-n",
    namespace,
    "--overwrite",
    "argocd.argoproj.io/refresh=hard",
  ]);
}

/**
 * Waits until Argo CD has compared every Application of the repository with the new commit (its status names it),
 * so that the sync watched next is the upgrade's, not the state before it; resolves to the names still behind.
 */
async function comparedWith(
  kubectl: Kubectl,
  namespace: string,
  repoURL: string,
  commit: string,
  deadlineMs: number,
): Promise<string[]> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const listed = await kubectl(["get", "applications.argoproj.io", "-n", namespace, "-o", "json"]);
    const behind =
      listed.code !== 0
        ? ["(cannot list Applications)"]
        : (
            JSON.parse(listed.stdout) as {
              items: {
                metadata: { name: string };
                spec?: { source?: { repoURL?: string } };
                status?: { sync?: { revision?: string } };
              }[];
            }
          ).items
            .filter((item) => item.spec?.source?.repoURL === repoURL && item.status?.sync?.revision !== commit)
            .map((item) => item.metadata.name);
    if (behind.length === 0 || Date.now() > deadline) return behind;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

export function upgradeCheck(
  from: string,
  before: { readonly revisions: ReadonlyMap<string, string>; readonly rollouts: ReadonlyMap<string, string> },
  after: { readonly revisions: ReadonlyMap<string, string>; readonly rollouts: ReadonlyMap<string, string> },
  applications: readonly ApplicationRecord[],
  /** Applications of the repository that never compared with the new commit. */
  behind: readonly string[],
): Check {
  const changed = [...after.revisions].filter(([name, revision]) => before.revisions.get(name) !== revision);
  const rolled = [...after.rollouts]
    .filter(([name, revision]) => before.rollouts.has(name) && before.rollouts.get(name) !== revision)
    .map(([name, revision]) => `${name} (${before.rollouts.get(name)} → ${revision})`);
  const added = [...after.rollouts.keys()].filter((name) => !before.rollouts.has(name));
  const unsettled = applications.filter(
    (application) => application.sync !== "Synced" || application.health !== "Healthy",
  );
  const short = from.slice(0, 12);
  return {
    name: "upgrade",
    ok: unsettled.length === 0 && behind.length === 0,
    detail: [
      ...(behind.length ? [`never compared with the new commit: ${behind.join(", ")}`] : []),
      unsettled.length
        ? `from ${short}, not settled: ${unsettled.map((application) => `${application.name} ${application.sync}/${application.health}${application.message ? `: ${application.message}` : ""}`).join("; ")}`
        : `from ${short} to the working tree: every Application Synced and Healthy`,
      `${changed.length} Application(s) synced to a new revision`,
      `rolled: ${rolled.length ? rolled.join(", ") : "nothing"}`,
      ...(added.length ? [`new workloads: ${added.join(", ")}`] : []),
    ].join("; "),
  };
}
