// The init and app containers of a pod template, each with its field path.
import type { PodTemplate } from "../../lib/policies/object-set.ts";

interface Container {
  readonly name?: string;
  readonly image?: string;
  readonly resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readonly securityContext?: Record<string, any>;
}

export function containersOf(template: PodTemplate): { container: Container; path: string }[] {
  const prefix = template.path ? `${template.path}.spec` : "spec";
  return [
    ...((template.spec.initContainers ?? []) as Container[]).map((container, index) => ({
      container,
      path: `${prefix}.initContainers[${index}]`,
    })),
    ...((template.spec.containers ?? []) as Container[]).map((container, index) => ({
      container,
      path: `${prefix}.containers[${index}]`,
    })),
  ];
}
