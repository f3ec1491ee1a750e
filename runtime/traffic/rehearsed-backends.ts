// Which components' backends the rehearsal runs. A sidecar does not start while a component it loads cannot reach
// its backend, so where one is missing the environment's app pods stay simulated and the traffic checks do not
// run; the report names the missing backends instead.
import type { ComponentModel, EnvironmentModel } from "../../lib/model/types.ts";

/** Types whose component connects to nothing when the sidecar loads it. */
const SELF_CONTAINED = new Set(["bindings.cron", "secretstores.kubernetes"]);

/** An in-cluster host: a Service of the cluster, whose pod the supervisor runs. */
function inCluster(host: string): boolean {
  return /\.svc(\.cluster\.local)?(:\d+)?$/.test(host);
}

function backendStarted(component: ComponentModel): boolean {
  if (SELF_CONTAINED.has(component.type)) return true;
  // An output binding dials its endpoint only when called.
  if (component.kind === "binding" && component.direction === "output") return true;
  const host = component.metadata.find((item) => item.name === "redisHost");
  return component.type.endsWith(".redis") && host !== undefined && "value" in host && inCluster(host.value);
}

/** The components (by name and type) whose backend the rehearsal does not start, sorted. */
export function missingBackends(environment: EnvironmentModel): string[] {
  return environment.components
    .filter((component) => !backendStarted(component))
    .map((component) => `${component.name} (${component.type})`)
    .sort();
}
