import { finding, type Rule } from "../../lib/policies/rule.ts";
import { daprApps } from "./dapr-apps.ts";
import { daprComponents, visibleTo } from "./dapr-components.ts";

export const actorStateStore: Rule = {
  id: "dapr/actor-state-store",
  summary: "More than one actor state store visible to one app.",
  why: 'The sidecar refuses to start: "detected duplicate actor state store".',
  fix: 'Keep actorStateStore: "true" on one state store, or scope the others away from the app.',
  reference: "dapr/dapr pkg/runtime/processor/state/state.go",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/compstore/statestore.go", line: 35 }],
  check(set) {
    const stores = daprComponents(set).filter(
      (component) =>
        String(component.object.spec?.type ?? "").startsWith("state.") &&
        ((component.object.spec?.metadata ?? []) as { name?: string; value?: unknown }[]).some(
          (item) => item.name === "actorStateStore" && String(item.value) === "true",
        ),
    );
    return daprApps(set).flatMap((app) => {
      const visible = stores.filter((store) => visibleTo(store, app));
      return visible.length > 1
        ? [
            finding(
              this,
              app.workload,
              "error",
              "",
              `app ${app.appId} sees ${visible.length} actor state stores: ${visible.map((s) => s.name).join(", ")}`,
            ),
          ]
        : [];
    });
  },
};
