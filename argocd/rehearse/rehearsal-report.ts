// What a rehearsal found, as the verdict, the lines `trellis rehearse` prints and the JSON report (--report).
import type { RehearsalOutcome } from "../../lib/blueprint.ts";
import { rehearse, type Rehearsal, type RehearsalOptions } from "./rehearse.ts";

export async function rehearseAndReport(options: RehearsalOptions): Promise<RehearsalOutcome> {
  const rehearsal = await rehearse(options);
  return { passed: passed(rehearsal), lines: report(rehearsal), report: reportJson(rehearsal) };
}

/** The report's data: what ran, what Argo CD did, every pod and whether it ran as a process, every check. */
export function reportJson(rehearsal: Rehearsal): Record<string, unknown> {
  const destroyLeft = rehearsal.leftAfterDestroy;
  return {
    environment: rehearsal.environment,
    passed: passed(rehearsal),
    ...(rehearsal.failure ? { failure: rehearsal.failure } : {}),
    engines: rehearsal.engines,
    ...(rehearsal.trafficNotRun ? { trafficNotRun: rehearsal.trafficNotRun } : {}),
    applications: rehearsal.applications.map((application) => ({
      name: application.name,
      wave: application.wave,
      sync: application.sync,
      health: application.health,
      syncedAt: application.syncedAt ?? null,
      healthyAt: application.healthyAt ?? null,
      ...(application.message ? { message: application.message } : {}),
    })),
    pods: [
      ...rehearsal.processPods.map((pod) => ({
        namespace: pod.namespace,
        name: pod.name,
        mode: "process",
        ready: pod.ready,
        ...(pod.problem ? { problem: pod.problem } : {}),
      })),
      ...rehearsal.simulatedPods.map((pod) => ({ ...pod, mode: "simulated" })),
    ].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
    checks: [
      ...rehearsal.checks,
      ...(rehearsal.failure
        ? []
        : [
            {
              name: "second-preview",
              ok: rehearsal.secondPreviewChanges === 0,
              detail: `${rehearsal.secondPreviewChanges} change(s)`,
            },
            {
              name: "destroy",
              ok: destroyLeft.length === 0,
              detail: destroyLeft.length ? `left ${destroyLeft.join(", ")}` : "nothing left but what is kept by design",
            },
          ]),
    ],
  };
}

export function passed(rehearsal: Rehearsal): boolean {
  return (
    !rehearsal.failure &&
    rehearsal.checks.every((check) => check.ok) &&
    rehearsal.secondPreviewChanges === 0 &&
    rehearsal.leftAfterDestroy.length === 0
  );
}

export function report(rehearsal: Rehearsal): string[] {
  const name = rehearsal.environment;
  if (rehearsal.failure)
    return [
      `${name}: stopped at ${rehearsal.failure.step}:`,
      ...rehearsal.failure.output
        .trim()
        .split("\n")
        .map((line) => `  ${line}`),
    ];
  return [
    `${name}: pulumi up created ${rehearsal.created} objects`,
    ...rehearsal.checks.map((check) => `${name}: ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    `${name}: ${rehearsal.processPods.length} pod(s) ran as processes, ${rehearsal.simulatedPods.length} simulated by kwok`,
    ...(rehearsal.trafficNotRun ? [`${name}: the apps' traffic did not run: ${rehearsal.trafficNotRun}`] : []),
    `${name}: ${rehearsal.secondPreviewChanges === 0 ? "ok  " : "FAIL"} second preview: ${rehearsal.secondPreviewChanges} change(s)`,
    `${name}: ${rehearsal.leftAfterDestroy.length === 0 ? "ok  " : "FAIL"} destroy left ${rehearsal.leftAfterDestroy.length} object(s)${rehearsal.leftAfterDestroy.length ? `: ${rehearsal.leftAfterDestroy.join(", ")}` : ""}`,
    ...(rehearsal.releasedByStandIn
      ? [
          `${name}: released ${rehearsal.releasedByStandIn} AppProject(s) from Argo CD's finalizer, which Argo CD would remove; it does not run in this rehearsal`,
        ]
      : []),
    ...(rehearsal.retained.length
      ? [
          `${name}: kept on destroy by design, then removed: ${rehearsal.retained.join(", ")} (Argo CD owns them once it runs)`,
        ]
      : []),
  ];
}
