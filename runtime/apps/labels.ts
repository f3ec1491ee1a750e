// Recommended Kubernetes labels of an app. The selector uses only the name, which never changes.
import type { AppModel } from "../../lib/model/types.ts";

export function selectorLabels(app: AppModel): Record<string, string> {
  return { "app.kubernetes.io/name": app.id };
}

export function appLabels(app: AppModel): Record<string, string> {
  return {
    ...selectorLabels(app),
    "app.kubernetes.io/component": "dapr-app",
    ...(app.version.length <= 63 ? { "app.kubernetes.io/version": app.version } : {}),
  };
}
