// The Dapr-enabled workloads of a set, which most Dapr rules start from, and the field path of a pod-template
// annotation on one of them.
import { isTruthy } from "../../runtime/dapr-facts.ts";
import type { ObjectSet, PodTemplate, SetObject } from "../../lib/policies/object-set.ts";

export interface DaprApp {
  readonly workload: SetObject;
  readonly template: PodTemplate;
  readonly appId: string;
  readonly namespace: string;
  readonly annotations: Record<string, string>;
}

const daprAppsOf = new WeakMap<ObjectSet, readonly DaprApp[]>();

/** The set's Dapr-enabled workloads; found once per set, since most Dapr rules start from them. */
export function daprApps(set: ObjectSet): readonly DaprApp[] {
  let apps = daprAppsOf.get(set);
  if (!apps) {
    apps = set.workloads().flatMap(({ workload, template }) => {
      const annotations = template.metadata.annotations ?? {};
      if (!isTruthy(annotations["dapr.io/enabled"])) return [];
      return [
        {
          workload,
          template,
          appId: annotations["dapr.io/app-id"] ?? workload.name,
          namespace: workload.namespace,
          annotations,
        },
      ];
    });
    daprAppsOf.set(set, apps);
  }
  return apps;
}

export const annotationPath = (app: DaprApp, key: string) =>
  `${app.template.path ? `${app.template.path}.` : ""}metadata.annotations["${key}"]`;
