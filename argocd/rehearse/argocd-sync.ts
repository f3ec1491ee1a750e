// Watches the real Argo CD sync an environment: every Application the environment's deploy/ folder declares (and
// the root one the ApplicationSet generates) until each is Synced and Healthy, or the deadline passes. Records when
// each was created, synced and became healthy, as Argo CD's own status says, so the wave order can be checked.
import { isDeepStrictEqual } from "node:util";
import type { CommandResult } from "../../lib/tools/processes.ts";

export interface ApplicationRecord {
  readonly name: string;
  /** The Application that created it (Argo CD's tracking id), undefined for the root. */
  readonly parent: string | undefined;
  readonly wave: number;
  readonly sync: string;
  readonly health: string;
  readonly createdAt: string | undefined;
  readonly syncedAt: string | undefined;
  readonly healthyAt: string | undefined;
  /** Argo CD's words where the Application is not Synced and Healthy: its conditions and last operation message. */
  readonly message: string | undefined;
}

interface LiveApplication {
  readonly metadata: {
    readonly name: string;
    readonly creationTimestamp?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: { readonly source?: unknown; readonly sources?: unknown };
  readonly status?: {
    readonly sync?: {
      readonly status?: string;
      readonly comparedTo?: { readonly source?: unknown; readonly sources?: unknown };
    };
    readonly health?: { readonly status?: string; readonly message?: string; readonly lastTransitionTime?: string };
    readonly operationState?: { readonly phase?: string; readonly message?: string; readonly finishedAt?: string };
    readonly conditions?: readonly { readonly type: string; readonly message: string }[];
  };
}

/** How long a synced Application may stay Progressing before the watch asks Argo CD for a normal refresh. */
const REFRESH_AFTER_MS = 30_000;

/**
 * Returns once every Application is Synced and Healthy, at the deadline, or once nothing has changed for `stallMs`
 * (longer than Argo CD's reconciliation period, so a later refresh would not change it either).
 *
 * Argo CD 3 ignores status-only updates of resources, and an Application can stay Progressing after its pods became
 * ready until its next periodic reconciliation, up to 3 minutes later (argoproj/argo-cd#14266, seen here with Dapr's
 * Deployments and cert-manager's). So an Application that is Synced and has been Progressing for 30 s is asked for a
 * normal refresh, as the UI's Refresh button does: Argo CD compares it again and its verdict stands.
 */
export async function watchSync(
  kubectl: (args: readonly string[]) => Promise<CommandResult>,
  namespace: string,
  expected: readonly string[],
  options: { readonly deadlineMs: number; readonly stallMs: number; readonly log: (line: string) => void },
): Promise<ApplicationRecord[]> {
  const deadline = Date.now() + options.deadlineMs;
  let changedAt = Date.now();
  const firstHealthy = new Map<string, string>();
  let records: ApplicationRecord[] = [];
  let lastSummary = "";
  const progressingSince = new Map<string, number>();
  for (;;) {
    const listed = await kubectl(["get", "applications.argoproj.io", "-n", namespace, "-o", "json"]);
    const live = listed.code === 0 ? (JSON.parse(listed.stdout) as { items: LiveApplication[] }).items : [];
    const now = new Date().toISOString();
    records = expected.map((name) => {
      const application = live.find((candidate) => candidate.metadata.name === name);
      const status = application?.status;
      const health = status?.health?.status ?? "Missing";
      if (health === "Healthy" && !firstHealthy.has(name))
        firstHealthy.set(name, status?.health?.lastTransitionTime ?? now);
      // Synced means little until Argo CD compared the Application with the source its spec names now (a parent may
      // just have changed it).
      const compared = status?.sync?.comparedTo;
      const current =
        compared !== undefined &&
        isDeepStrictEqual(compared.source ?? null, application?.spec?.source ?? null) &&
        isDeepStrictEqual(compared.sources ?? null, application?.spec?.sources ?? null);
      const sync = status?.sync?.status ?? "Missing";
      const settled = sync === "Synced" && current && health === "Healthy";
      const tracking = application?.metadata.annotations?.["argocd.argoproj.io/tracking-id"];
      return {
        name,
        parent: tracking?.split(":")[0],
        wave: Number(application?.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0),
        sync: sync === "Synced" && !current ? "Synced (not compared with its current source)" : sync,
        health,
        createdAt: application?.metadata.creationTimestamp,
        syncedAt: status?.operationState?.phase === "Succeeded" ? status.operationState.finishedAt : undefined,
        healthyAt: firstHealthy.get(name),
        message: settled
          ? undefined
          : [
              ...(status?.conditions ?? []).map((condition) => `${condition.type}: ${condition.message}`),
              status?.operationState?.message,
              status?.health?.message,
            ]
              .filter(Boolean)
              .join("; ") || undefined,
      };
    });
    for (const record of records) {
      if (record.sync !== "Synced" || record.health !== "Progressing") {
        progressingSince.delete(record.name);
        continue;
      }
      const since = progressingSince.get(record.name) ?? Date.now();
      progressingSince.set(record.name, since);
      if (Date.now() - since < REFRESH_AFTER_MS) continue;
      await kubectl([
        "annotate",
        "applications.argoproj.io",
        record.name,
        "-n",
        namespace,
        "--overwrite",
        "argocd.argoproj.io/refresh=normal",
      ]);
      progressingSince.set(record.name, Date.now());
    }
    const summary = records.map((record) => `${record.name} ${record.sync}/${record.health}`).join(", ");
    if (summary !== lastSummary) {
      options.log(summary);
      changedAt = Date.now();
    }
    lastSummary = summary;
    if (records.every((record) => record.sync === "Synced" && record.health === "Healthy")) return records;
    if (Date.now() > deadline || Date.now() - changedAt > options.stallMs) return records;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * Argo CD's sync waves as installs run them: among the Applications one Application creates, none of a later wave is
 * created before every one of an earlier wave was Healthy. Times are the API server's, to the second.
 */
export function waveOrderProblems(records: readonly ApplicationRecord[]): string[] {
  const problems: string[] = [];
  for (const later of records) {
    if (!later.createdAt) continue;
    for (const earlier of records) {
      if (earlier.parent !== later.parent || earlier.wave >= later.wave) continue;
      if (!earlier.healthyAt || Date.parse(later.createdAt) < Date.parse(earlier.healthyAt))
        problems.push(
          `${later.name} (wave ${later.wave}) was created at ${later.createdAt}, before ${earlier.name} (wave ${earlier.wave}) was Healthy${earlier.healthyAt ? ` at ${earlier.healthyAt}` : ""}`,
        );
    }
  }
  return problems;
}
