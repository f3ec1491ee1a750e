// The OpenTelemetry Operator's inject annotations on the set's pod templates, the Instrumentation each names,
// and the container it instruments.
import { resolveInstrumentation } from "../../lib/manifests/instrumentation-ref.ts";
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";

const INJECT = "instrumentation.opentelemetry.io/inject-";
export const CONTAINER_NAMES = "instrumentation.opentelemetry.io/container-names";

export interface Injection {
  readonly workload: SetObject;
  readonly annotation: string;
  readonly language: string;
  readonly value: string;
  readonly path: string;
  readonly containers: number;
  readonly annotations: Record<string, string>;
}

const injectionsOf = new WeakMap<ObjectSet, readonly Injection[]>();

/** Every inject annotation of the set's pod templates; found once per set. */
export function injections(set: ObjectSet): readonly Injection[] {
  const cached = injectionsOf.get(set);
  if (cached) return cached;
  const found = set.workloads().flatMap(({ workload, template }) =>
    Object.entries(template.metadata.annotations ?? {})
      .filter(([key, value]) => key.startsWith(INJECT) && String(value).toLowerCase() !== "false")
      .map(([key, value]) => ({
        workload,
        annotation: key,
        language: key.slice(INJECT.length),
        value: String(value),
        path: `${template.path ? `${template.path}.` : ""}metadata.annotations["${key}"]`,
        containers: ((template.spec.containers ?? []) as unknown[]).length,
        annotations: template.metadata.annotations ?? {},
      })),
  );
  injectionsOf.set(set, found);
  return found;
}

/** The Instrumentation an injection names: "true" = the only one in the pod's namespace, "name" = same namespace, "ns/name" = that one. */
export function instrumentationFor(set: ObjectSet, injection: Injection): SetObject | undefined {
  return resolveInstrumentation(
    injection.value,
    injection.workload.namespace,
    set.ofKind("Instrumentation", "opentelemetry.io"),
  );
}

/** The pod template and the container an injection instruments (container-names, else the first container). */
export function instrumentedContainer(
  set: ObjectSet,
  injection: Injection,
): { pod: Record<string, any>; container: Record<string, any> | undefined } {
  const template = set.workloads().find(({ workload }) => workload === injection.workload)?.template;
  const pod = template?.spec ?? {};
  const named = (injection.annotations[CONTAINER_NAMES] ?? "").split(",")[0]?.trim();
  const containers = (pod.containers ?? []) as Record<string, any>[];
  return { pod, container: containers.find((container) => container.name === named) ?? containers[0] };
}
