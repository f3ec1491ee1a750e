// state:input-binding: each input binding an app uses delivers its events to the app through the real sidecar
// (a cron binding fires on its own schedule; the stand-in records every delivery from the start of its pod).
import type { Check } from "../../argocd/rehearse/check.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { durationMs } from "../../lib/model/resiliency.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { standInClient, type AppPod } from "./app-pods.ts";
import { standInPlan } from "../stand-in/stand-in-plan.ts";

/** How long to wait past a cron binding's `@every` period, or at most for a binding with another schedule. */
const MARGIN_MS = 30_000;
const LONGEST_WAIT_MS = 120_000;

export async function inputBindingCheck(
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
): Promise<Check> {
  const name = "state:input-binding";
  const passed: string[] = [];
  const failed: string[] = [];
  for (const app of environment.apps) {
    const pod = pods.get(app.id);
    if (!pod) continue;
    for (const binding of standInPlan(app, environment.components).inputBindings) {
      const component = environment.components.find(
        (candidate) => candidate.name === binding && candidate.namespace === app.namespace,
      );
      const schedule = component?.metadata.find((item) => item.name === "schedule");
      const every = schedule && "value" in schedule ? /^@every\s+(\S+)$/.exec(schedule.value.trim())?.[1] : undefined;
      const wait = every ? Math.min(durationMs(every) + MARGIN_MS, LONGEST_WAIT_MS) : LONGEST_WAIT_MS;
      const label = `${binding} (${component?.type ?? "binding"}${every ? `, every ${every}` : ""}) → ${app.id}`;
      const delivered = await waitFor(
        label,
        async () => {
          const received = await standInClient(pod).received();
          const events = received.filter((request) => request.kind === "binding" && request.path === `/${binding}`);
          return events.length > 0 ? events.length : undefined;
        },
        { deadlineMs: wait, intervalMs: 2_000 },
      ).catch(() => 0);
      if (delivered > 0) passed.push(`${label}: ${delivered} event(s) delivered to the app`);
      else failed.push(`${label}: no event reached the app in ${Math.round(wait / 1000)} s`);
    }
  }
  if (passed.length + failed.length === 0) return { name, ok: true, detail: "no app uses an input binding" };
  return failed.length === 0
    ? { name, ok: true, detail: passed.join("; ") }
    : { name, ok: false, detail: [...failed, ...passed].join("; ") };
}
