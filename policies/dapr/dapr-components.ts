// The set's Dapr Components, their scopes, and whether an app loads a Component.
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";
import type { DaprApp } from "./dapr-apps.ts";

export const daprComponents = (set: ObjectSet) => set.ofKind("Component", "dapr.io");
export const scopesOf = (object: SetObject): string[] | undefined =>
  Array.isArray(object.object.scopes) && object.object.scopes.length > 0 ? object.object.scopes : undefined;
export const visibleTo = (component: SetObject, app: DaprApp) =>
  component.namespace === app.namespace && (scopesOf(component)?.includes(app.appId) ?? true);
