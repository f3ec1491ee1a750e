import { finding, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";
import { daprComponents, scopesOf } from "./dapr-components.ts";

export const appPortMissing: Rule = {
  id: "dapr/app-port-missing",
  summary: "A Dapr app that receives traffic from its sidecar has no dapr.io/app-port.",
  why: "Without the port the sidecar has no channel to the app: subscriptions, input bindings and invocations are never delivered.",
  fix: "Set dapr.io/app-port to the port the app listens on.",
  reference: "https://docs.dapr.io/reference/arguments-annotations-overview/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/channels/channels.go", line: 136 }],
  check(set) {
    const receivers = new Map<string, string>();
    for (const subscription of set.ofKind("Subscription", "dapr.io"))
      for (const scope of scopesOf(subscription) ?? [])
        receivers.set(`${subscription.namespace}/${scope}`, `Subscription ${subscription.name}`);
    for (const component of daprComponents(set)) {
      const metadata = (component.object.spec?.metadata ?? []) as { name?: string; value?: unknown }[];
      const input =
        String(component.object.spec?.type ?? "") === "bindings.cron" ||
        metadata.some((item) => item.name === "direction" && String(item.value).includes("input"));
      if (input && String(component.object.spec?.type ?? "").startsWith("bindings."))
        for (const scope of scopesOf(component) ?? [])
          receivers.set(`${component.namespace}/${scope}`, `input binding ${component.name}`);
    }
    for (const resiliency of set.ofKind("Resiliency", "dapr.io"))
      for (const target of Object.keys(resiliency.object.spec?.targets?.apps ?? {}))
        receivers.set(`*/${target}`, `Resiliency ${resiliency.name}`);
    for (const app of daprApps(set)) {
      const configuration = set
        .find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "")
        .find((candidate) => candidate.group === "dapr.io");
      if (configuration && (configuration.object.spec?.accessControl?.policies ?? []).length > 0) {
        receivers.set(`${app.namespace}/${app.appId}`, `Configuration ${configuration.name}`);
      }
    }
    return daprApps(set)
      .filter((app) => app.annotations["dapr.io/app-port"] === undefined)
      .flatMap((app) => {
        const cause = receivers.get(`${app.namespace}/${app.appId}`) ?? receivers.get(`*/${app.appId}`);
        return cause
          ? [
              finding(
                this,
                app.workload,
                "error",
                annotationPath(app, "dapr.io/app-port"),
                `app ${app.appId} receives traffic (${cause}) but has no dapr.io/app-port`,
              ),
            ]
          : [];
      });
  },
};
