// The rehearsal's sync step: the real Argo CD syncs the environment; what it did becomes the checks `argocd-sync`
// (every Application Synced and Healthy, with Argo CD's reasons where not) and `wave-order`.
import type { EnvironmentModel } from "../../lib/model/types.ts";
import type { ProcessPod } from "../../lib/cluster/pod-supervisor.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";
import { connectArgoCdApi } from "./argocd-api.ts";
import { waveOrderProblems, watchSync, type ApplicationRecord } from "./argocd-sync.ts";
import type { Check } from "./check.ts";

export async function rehearseSync(
  kubectl: (args: readonly string[]) => Promise<CommandResult>,
  environment: EnvironmentModel,
  /** The Applications the environment's deploy/ folder declares. */
  declared: readonly string[],
  options: { readonly deadlineMs: number; readonly log: (line: string) => void },
): Promise<{ applications: ApplicationRecord[]; checks: Check[] }> {
  const namespace = environment.argocd.namespace;
  const expected = [`trellis-${environment.name}`, ...declared];
  let applications = await watchSync(kubectl, namespace, expected, {
    deadlineMs: options.deadlineMs,
    // Argo CD reconciles every Application at least every 3 minutes (timeout.reconciliation 120 s plus up to 60 s of
    // jitter): a stall longer than that is one a later reconciliation would not end (see watchSync on refreshes).
    stallMs: 200_000,
    log: options.log,
  });
  // Which resource holds each unsettled Application back, in Argo CD's words.
  const api = await connectArgoCdApi(kubectl, namespace);
  if (api)
    applications = await Promise.all(
      applications.map(async (application) => {
        if (application.health === "Healthy" || application.health === "Missing") return application;
        const held = (await api.unhealthyResources(application.name)).map(
          (resource) =>
            `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ""}${resource.name} ${resource.health}${resource.message ? ` (${resource.message})` : ""}`,
        );
        return held.length
          ? { ...application, message: [application.message, ...held].filter(Boolean).join("; ") }
          : application;
      }),
    );
  const unsettled = applications.filter(
    (application) => application.sync !== "Synced" || application.health !== "Healthy",
  );
  const waveProblems = waveOrderProblems(applications);
  return {
    applications,
    checks: [
      {
        name: "argocd-sync",
        ok: unsettled.length === 0,
        detail: unsettled.length
          ? unsettled
              .map(
                (application) =>
                  `${application.name} ${application.sync}/${application.health}${application.message ? `: ${application.message}` : ""}`,
              )
              .join("; ")
          : `${applications.length} Applications Synced and Healthy`,
      },
      {
        name: "wave-order",
        ok: waveProblems.length === 0,
        detail:
          waveProblems.join("; ") || "no Application was created before every earlier wave of its parent was Healthy",
      },
    ],
  };
}

export function processPodsCheck(pods: readonly ProcessPod[]): Check {
  return {
    name: "process-pods",
    ok: pods.length > 0 && pods.every((pod) => pod.ready),
    detail: pods
      .map(
        (pod) =>
          `${pod.namespace}/${pod.name} ${pod.ready ? "ready" : `not ready${pod.problem ? `: ${pod.problem}` : ""}`}`,
      )
      .join("; "),
  };
}
