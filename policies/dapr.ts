// Dapr rules: unscoped or leaking components, annotations the injector ignores, traffic the sidecar cannot
// deliver, subscriptions that silently receive nothing, invalid resiliency, open access and weak control planes.
import { detectCredential, isCredentialName, URL_FIX } from "../lib/credentials/detector.ts";
import { tripProblem } from "../lib/declarations/cel.ts";
import { APP_PROTOCOLS, DAPR_ANNOTATIONS, isDaprDuration, isTruthy, nearest } from "../runtime/dapr-facts.ts";
import type { ObjectSet, PodTemplate, SetObject } from "../lib/policies/object-set.ts";
import { finding, strictOutsideDev, type Finding, type Rule } from "../lib/policies/rule.ts";
import { componentMetadata } from "./dapr/component-metadata.ts";

interface DaprApp {
  readonly workload: SetObject;
  readonly template: PodTemplate;
  readonly appId: string;
  readonly namespace: string;
  readonly annotations: Record<string, string>;
}

const daprAppsOf = new WeakMap<ObjectSet, readonly DaprApp[]>();

/** The set's Dapr-enabled workloads; found once per set, since most Dapr rules start from them. */
function daprApps(set: ObjectSet): readonly DaprApp[] {
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

const daprComponents = (set: ObjectSet) => set.ofKind("Component", "dapr.io");
const scopesOf = (object: SetObject): string[] | undefined =>
  Array.isArray(object.object.scopes) && object.object.scopes.length > 0 ? object.object.scopes : undefined;
const visibleTo = (component: SetObject, app: DaprApp) =>
  component.namespace === app.namespace && (scopesOf(component)?.includes(app.appId) ?? true);
const annotationPath = (app: DaprApp, key: string) =>
  `${app.template.path ? `${app.template.path}.` : ""}metadata.annotations["${key}"]`;

const componentUnscoped: Rule = {
  id: "dapr/component-unscoped",
  summary: "A Component without scopes.",
  why: "An unscoped Component is loaded by every Dapr app in its namespace: each sidecar connects to the backend and can read and write it.",
  fix: "Add top-level `scopes:` listing the app ids that use the component.",
  reference: "https://docs.dapr.io/operations/components/component-scopes/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/operator/api/components.go", line: 104 }],
  check(set) {
    return daprComponents(set)
      .filter((component) => !scopesOf(component))
      .map((component) =>
        finding(
          this,
          component,
          "error",
          "scopes",
          `Component ${component.namespace}/${component.name} has no scopes, so every Dapr app in ${component.namespace} loads it`,
        ),
      );
  },
};

const inlineSecret: Rule = {
  id: "dapr/inline-secret",
  summary: "A Component metadata item that carries a credential as a literal value.",
  why: "The credential sits in git and in every copy of the manifest; rotating it means a commit.",
  fix: "Replace `value:` with `secretKeyRef: {name: <secret>, key: <key>}` and set `auth.secretStore`.",
  reference: "https://docs.dapr.io/operations/components/component-secrets/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/processor/secret/secret.go", line: 134 }],
  check(set) {
    return daprComponents(set).flatMap((component) =>
      ((component.object.spec?.metadata ?? []) as { name?: string; value?: unknown }[]).flatMap((item, index) => {
        const value = item.value;
        if (value === undefined || value === null || value === "") return [];
        const literal = typeof value === "string" ? value : JSON.stringify(value);
        const credential = detectCredential(String(item.name ?? ""), literal, { sensitive: isCredentialName });
        if (!credential) return [];
        const fix =
          credential.fix === URL_FIX ? `Drop the user info from the URL and use secretKeyRef: ${URL_FIX}.` : this.fix;
        return [
          finding(
            this,
            component,
            "error",
            `spec.metadata[${index}].value`,
            `metadata "${item.name}" of Component ${component.name} is a literal credential (${credential.what})`,
            fix,
          ),
        ];
      }),
    );
  },
};

const unknownAnnotation: Rule = {
  id: "dapr/unknown-annotation",
  summary: "A dapr.io/* pod-template annotation that Dapr does not know.",
  why: "The injector ignores unknown annotations without a word: `dapr.io/enable: true` gives a pod without a sidecar.",
  fix: "Use the annotation name the message suggests.",
  reference: "dapr/dapr@v1.18.3 pkg/injector/annotations/annotations.go",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/injector/annotations/annotations.go", line: 21 }],
  check(set) {
    return set.workloads().flatMap(({ workload, template }) =>
      Object.keys(template.metadata.annotations ?? {})
        .filter((key) => key.startsWith("dapr.io/") && !DAPR_ANNOTATIONS.includes(key))
        .map((key) => {
          const suggestion = nearest(key, DAPR_ANNOTATIONS);
          return finding(
            this,
            workload,
            "error",
            `${template.path ? `${template.path}.` : ""}metadata.annotations["${key}"]`,
            `Dapr does not know the annotation ${key}; did you mean ${suggestion}?`,
            `Rename it to ${suggestion}.`,
          );
        }),
    );
  },
};

const appProtocolInvalid: Rule = {
  id: "dapr/app-protocol-invalid",
  summary: "dapr.io/app-protocol is not http, grpc, https, grpcs or h2c.",
  why: "The sidecar cannot reach the app and fails to start or delivers nothing.",
  fix: `Set dapr.io/app-protocol to one of ${APP_PROTOCOLS.join(", ")}.`,
  reference: "https://docs.dapr.io/reference/arguments-annotations-overview/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/config.go", line: 519 }],
  check(set) {
    return daprApps(set)
      .filter(
        (app) =>
          app.annotations["dapr.io/app-protocol"] !== undefined &&
          !APP_PROTOCOLS.includes(app.annotations["dapr.io/app-protocol"] ?? ""),
      )
      .map((app) =>
        finding(
          this,
          app.workload,
          "error",
          annotationPath(app, "dapr.io/app-protocol"),
          `app protocol "${app.annotations["dapr.io/app-protocol"]}" is not one Dapr speaks`,
        ),
      );
  },
};

const appPortMissing: Rule = {
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

const configMissing: Rule = {
  id: "dapr/config-missing",
  summary: "dapr.io/config names a Configuration that is not in the workload's namespace.",
  why: 'daprd asks the operator for the named Configuration at start and exits with "configuration ... not found": the pod crash-loops.',
  fix: "Create the Configuration in the workload's namespace or fix the name.",
  reference: "https://docs.dapr.io/operations/configuration/configuration-overview/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/config/configuration.go", line: 673 }],
  check(set) {
    return daprApps(set)
      .filter(
        (app) =>
          app.annotations["dapr.io/config"] &&
          set.find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "").length === 0,
      )
      .map((app) =>
        finding(
          this,
          app.workload,
          "error",
          annotationPath(app, "dapr.io/config"),
          `Configuration ${app.annotations["dapr.io/config"]} is not in namespace ${app.namespace}`,
        ),
      );
  },
};

const subscriptionPubsubMissing: Rule = {
  id: "dapr/subscription-pubsub-missing",
  summary: "A Subscription whose pub/sub Component is missing from its namespace or not scoped to its subscribers.",
  why: "The subscriber's sidecar never loads the pub/sub, so the subscription receives nothing and reports nothing.",
  fix: "Create the pub/sub Component in the Subscription's namespace and list every subscriber in its scopes.",
  reference: "https://docs.dapr.io/developing-applications/building-blocks/pubsub/subscription-methods/",
  severity: "error in every profile",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/processor/subscriber/subscriber.go", line: 260 },
  ],
  check(set) {
    return set.ofKind("Subscription", "dapr.io").flatMap((subscription) => {
      const pubsubName = String(subscription.object.spec?.pubsubname ?? "");
      const component = set
        .find("Component", subscription.namespace, pubsubName)
        .find((candidate) => String(candidate.object.spec?.type ?? "").startsWith("pubsub."));
      if (!component)
        return [
          finding(
            this,
            subscription,
            "error",
            "spec.pubsubname",
            `no pub/sub Component "${pubsubName}" in namespace ${subscription.namespace}`,
          ),
        ];
      const scopes = scopesOf(component);
      const outside = (scopesOf(subscription) ?? []).filter((subscriber) => scopes && !scopes.includes(subscriber));
      return outside.map((subscriber) =>
        finding(
          this,
          subscription,
          "error",
          "scopes",
          `subscriber ${subscriber} is not in the scopes of Component ${component.name}`,
        ),
      );
    });
  },
};

const subscriptionV1alpha1: Rule = {
  id: "dapr/subscription-v1alpha1",
  summary: "A dapr.io/v1alpha1 Subscription.",
  why: "v2alpha1 is the stored version; writing v1alpha1 needs the operator's conversion webhook, so it fails while the control plane is down or not yet installed (dapr/dapr#7180).",
  fix: "Write the Subscription as dapr.io/v2alpha1 with `routes: {rules, default}`.",
  reference: "dapr/dapr#7180",
  severity: "warning",
  upstream: [{ issue: "dapr/dapr#7180" }],
  check(set) {
    return set
      .ofKind("Subscription", "dapr.io")
      .filter((s) => s.apiVersion === "dapr.io/v1alpha1")
      .map((s) => finding(this, s, "warning", "apiVersion", `Subscription ${s.name} is dapr.io/v1alpha1`));
  },
};

const deadLetterMissing: Rule = {
  id: "dapr/dead-letter-missing",
  summary: "A Subscription without deadLetterTopic.",
  why: "A message the app cannot process is retried and then dropped: the failure leaves no trace.",
  fix: "Set spec.deadLetterTopic.",
  reference: "https://docs.dapr.io/developing-applications/building-blocks/pubsub/pubsub-deadletter/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/subscription/subscription.go", line: 202 }],
  check(set, profile) {
    return set
      .ofKind("Subscription", "dapr.io")
      .filter((s) => !s.object.spec?.deadLetterTopic)
      .map((s) =>
        finding(
          this,
          s,
          strictOutsideDev(profile),
          "spec.deadLetterTopic",
          `Subscription ${s.name} has no dead-letter topic`,
        ),
      );
  },
};

const duplicateComponent: Rule = {
  id: "dapr/duplicate-component",
  summary: "Two Components with one name in one namespace of one environment.",
  why: "Only one survives the apply; which one depends on order.",
  fix: "Rename one, or merge them.",
  reference: "https://docs.dapr.io/reference/components-reference/",
  severity: "error in every profile",
  upstream: [{ repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/state.go", line: 567 }],
  check(set) {
    const seen = new Map<string, SetObject>();
    const found: Finding[] = [];
    for (const component of daprComponents(set)) {
      const key = `${component.namespace}/${component.name}`;
      // Only within one environment: the same Component in dev's and prod's folders is not a duplicate.
      const first = seen.get(`${set.environmentOf(component)} ${key}`);
      if (first)
        found.push(
          finding(
            this,
            component,
            "error",
            "metadata.name",
            `Component ${key} is also defined in ${first.file}:${first.line}`,
          ),
        );
      else seen.set(`${set.environmentOf(component)} ${key}`, component);
    }
    return found;
  },
};

const actorStateStore: Rule = {
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

const resiliencyInvalid: Rule = {
  id: "dapr/resiliency-invalid",
  summary: "A Resiliency with an unparsable duration, a target naming an undefined policy, or a field out of range.",
  why: "The sidecar rejects the whole Resiliency and runs without any of its policies.",
  fix: 'Use Go durations ("5s"), name policies that spec.policies defines, keep maxRetries ≥ -1 and maxRequests ≥ 1, and write trip as a boolean CEL expression.',
  reference: "dapr/dapr pkg/resiliency/resiliency.go",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/resiliency.go", line: 308 }],
  check(set) {
    return set.ofKind("Resiliency", "dapr.io").flatMap((resiliency) => {
      const found: Finding[] = [];
      const bad = (path: string, message: string) => found.push(finding(this, resiliency, "error", path, message));
      const policies = resiliency.object.spec?.policies ?? {};
      for (const [name, value] of Object.entries(policies.timeouts ?? {}))
        if (!isDaprDuration(value))
          bad(`spec.policies.timeouts.${name}`, `timeout "${String(value)}" is not a duration`);
      for (const [name, retry] of Object.entries((policies.retries ?? {}) as Record<string, any>)) {
        for (const field of ["duration", "maxInterval"])
          if (retry?.[field] !== undefined && !isDaprDuration(retry[field]))
            bad(`spec.policies.retries.${name}.${field}`, `${field} "${retry[field]}" is not a duration`);
        if (retry?.policy !== undefined && !["constant", "exponential"].includes(String(retry.policy).toLowerCase()))
          bad(
            `spec.policies.retries.${name}.policy`,
            `retry policy "${retry.policy}" is neither constant nor exponential`,
          );
        if (retry?.maxRetries !== undefined && (!Number.isInteger(retry.maxRetries) || retry.maxRetries < -1))
          bad(`spec.policies.retries.${name}.maxRetries`, `maxRetries ${retry.maxRetries} is below -1`);
      }
      for (const [name, breaker] of Object.entries((policies.circuitBreakers ?? {}) as Record<string, any>)) {
        for (const field of ["interval", "timeout"])
          if (breaker?.[field] !== undefined && !isDaprDuration(breaker[field]))
            bad(`spec.policies.circuitBreakers.${name}.${field}`, `${field} "${breaker[field]}" is not a duration`);
        if (breaker?.maxRequests !== undefined && (!Number.isInteger(breaker.maxRequests) || breaker.maxRequests < 1))
          bad(`spec.policies.circuitBreakers.${name}.maxRequests`, `maxRequests ${breaker.maxRequests} is below 1`);
        if (breaker?.trip !== undefined) {
          const problem = tripProblem(String(breaker.trip));
          if (problem) bad(`spec.policies.circuitBreakers.${name}.trip`, problem);
        }
      }
      const defined = {
        timeout: policies.timeouts ?? {},
        retry: policies.retries ?? {},
        circuitBreaker: policies.circuitBreakers ?? {},
      } as Record<string, Record<string, unknown>>;
      const checkRefs = (path: string, target: Record<string, unknown> | undefined) => {
        for (const field of ["timeout", "retry", "circuitBreaker"]) {
          const name = target?.[field];
          if (typeof name === "string" && !/^Default/.test(name) && !(name in (defined[field] ?? {})))
            bad(`${path}.${field}`, `${field} policy "${name}" is not defined in spec.policies`);
        }
      };
      const targets = resiliency.object.spec?.targets ?? {};
      for (const [name, target] of Object.entries((targets.apps ?? {}) as Record<string, Record<string, unknown>>))
        checkRefs(`spec.targets.apps.${name}`, target);
      for (const [name, target] of Object.entries((targets.actors ?? {}) as Record<string, Record<string, unknown>>))
        checkRefs(`spec.targets.actors.${name}`, target);
      for (const [name, target] of Object.entries(
        (targets.components ?? {}) as Record<string, Record<string, Record<string, unknown>>>,
      )) {
        for (const direction of ["inbound", "outbound"])
          checkRefs(`spec.targets.components.${name}.${direction}`, target?.[direction]);
      }
      return found;
    });
  },
};

const resiliencyTargetUnknown: Rule = {
  id: "dapr/resiliency-target-unknown",
  summary: "A Resiliency target app or component that no object in the set defines.",
  why: "The policy never applies; a renamed app or component silently loses its timeouts and retries.",
  fix: "Fix the target's name, or remove the target.",
  reference: "https://docs.dapr.io/operations/resiliency/targets/",
  severity: "warning",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/resiliency.go", line: 620 }],
  check(set) {
    const appIds = new Set(daprApps(set).map((app) => app.appId));
    return set.ofKind("Resiliency", "dapr.io").flatMap((resiliency) => {
      const targets = resiliency.object.spec?.targets ?? {};
      return [
        ...Object.keys(targets.apps ?? {})
          .filter((app) => !appIds.has(app))
          .map((app) =>
            finding(this, resiliency, "warning", `spec.targets.apps.${app}`, `no Dapr app "${app}" in the set`),
          ),
        ...Object.keys(targets.components ?? {})
          .filter((name) => set.find("Component", resiliency.namespace, name).length === 0)
          .map((name) =>
            finding(
              this,
              resiliency,
              "warning",
              `spec.targets.components.${name}`,
              `no Component "${name}" in namespace ${resiliency.namespace}`,
            ),
          ),
      ];
    });
  },
};

const sidecarResources: Rule = {
  id: "dapr/sidecar-resources",
  summary: "A Dapr app without sidecar cpu and memory limits.",
  why: "An unbounded daprd can starve the app or the node; without a memory limit GOMEMLIMIT cannot be sized.",
  fix: "Set dapr.io/sidecar-cpu-limit and dapr.io/sidecar-memory-limit (and requests).",
  reference: "https://docs.dapr.io/operations/hosting/kubernetes/kubernetes-production/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/injector/patcher/sidecar_container.go", line: 431 }],
  check(set, profile) {
    return daprApps(set)
      .filter(
        (app) => !app.annotations["dapr.io/sidecar-cpu-limit"] || !app.annotations["dapr.io/sidecar-memory-limit"],
      )
      .map((app) =>
        finding(
          this,
          app.workload,
          strictOutsideDev(profile),
          annotationPath(app, "dapr.io/sidecar-memory-limit"),
          `the sidecar of ${app.appId} has no cpu and memory limits`,
        ),
      );
  },
};

const tracingDisabled: Rule = {
  id: "dapr/tracing-disabled",
  summary:
    'A Configuration used by an app with no tracing exporter, or a samplingRate of "0" or not a number between 0 and 1.',
  why: "The sidecar records no spans, or an unparsable rate silently becomes 0.0001: traces stop at every Dapr hop.",
  fix: "Set spec.tracing.samplingRate to a number in (0, 1] and spec.tracing.otel (endpointAddress, isSecure, protocol).",
  reference: "dapr/dapr pkg/diagnostics/utils/trace_utils.go",
  severity: "error when samplingRate is not a number in 0..1, warning otherwise",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/diagnostics/utils/trace_utils.go", line: 87 }],
  check(set) {
    const used = new Set(daprApps(set).map((app) => `${app.namespace}/${app.annotations["dapr.io/config"] ?? ""}`));
    return set.ofKind("Configuration", "dapr.io").flatMap((configuration) => {
      const tracing = configuration.object.spec?.tracing;
      const found: Finding[] = [];
      if (tracing?.samplingRate !== undefined) {
        const rate = Number(tracing.samplingRate);
        if (String(tracing.samplingRate).trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
          found.push(
            finding(
              this,
              configuration,
              "error",
              "spec.tracing.samplingRate",
              `samplingRate "${tracing.samplingRate}" is not a number between 0 and 1`,
            ),
          );
        } else if (rate === 0) {
          found.push(
            finding(this, configuration, "warning", "spec.tracing.samplingRate", 'samplingRate "0" turns tracing off'),
          );
        }
      }
      if (
        used.has(`${configuration.namespace}/${configuration.name}`) &&
        !tracing?.otel?.endpointAddress &&
        !tracing?.zipkin?.endpointAddress
      ) {
        found.push(
          finding(
            this,
            configuration,
            "warning",
            "spec.tracing",
            `Configuration ${configuration.name} is used by an app but exports no traces`,
          ),
        );
      }
      return found;
    });
  },
};

const accessControlOpen: Rule = {
  id: "dapr/access-control-open",
  summary: "An invoked app whose Configuration has no access control or allows by default.",
  why: "Any app in the cluster with a sidecar can call every method of the invoked app.",
  fix: "Set spec.accessControl with defaultAction: deny, a trustDomain, and one policy per caller with its operations.",
  reference: "https://docs.dapr.io/operations/configuration/invoke-allowlist/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/acl/acl.go", line: 60 }],
  check(set, profile) {
    const invoked = new Set(
      set
        .ofKind("Resiliency", "dapr.io")
        .flatMap((resiliency) => Object.keys(resiliency.object.spec?.targets?.apps ?? {})),
    );
    return daprApps(set)
      .filter((app) => invoked.has(app.appId))
      .flatMap((app) => {
        const configuration = set.find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "")[0];
        const accessControl = configuration?.object.spec?.accessControl;
        const defaultAction = String(
          accessControl?.defaultAction ?? ((accessControl?.policies ?? []).length > 0 ? "deny" : "allow"),
        ).toLowerCase();
        if (accessControl && defaultAction === "deny") return [];
        const on = configuration ?? app.workload;
        return [
          finding(
            this,
            on,
            strictOutsideDev(profile),
            configuration ? "spec.accessControl.defaultAction" : annotationPath(app, "dapr.io/config"),
            `app ${app.appId} is invoked but its Configuration allows every caller by default`,
          ),
        ];
      });
  },
};

const mtlsDisabled: Rule = {
  id: "dapr/mtls-disabled",
  summary: "mTLS turned off in the Dapr chart values or a Configuration.",
  why: "Sidecars talk in plain text and cannot prove who is calling: access control by app id means nothing.",
  fix: "Set global.mtls.enabled: true in the chart values and remove mtls.enabled: false.",
  reference: "https://docs.dapr.io/operations/security/mtls/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/security/security.go", line: 348 }],
  check(set, profile) {
    return [
      ...daprChartApplications(set)
        .filter((app) => app.object.spec?.source?.helm?.valuesObject?.global?.mtls?.enabled === false)
        .map((app) =>
          finding(
            this,
            app,
            strictOutsideDev(profile),
            "spec.source.helm.valuesObject.global.mtls.enabled",
            "the Dapr control plane is installed with mTLS off",
          ),
        ),
      ...set
        .ofKind("Configuration", "dapr.io")
        .filter((configuration) => configuration.object.spec?.mtls?.enabled === false)
        .map((configuration) =>
          finding(
            this,
            configuration,
            strictOutsideDev(profile),
            "spec.mtls.enabled",
            `Configuration ${configuration.name} turns mTLS off`,
          ),
        ),
    ];
  },
};

const controlPlaneNotHa: Rule = {
  id: "dapr/control-plane-not-ha",
  summary: "In prod, the Dapr chart installed without HA.",
  why: "One operator, injector, sentry and placement pod: a node drain stops sidecar injection and certificate issuance.",
  fix: "Set global.ha.enabled: true in the Dapr chart values.",
  reference: "https://docs.dapr.io/operations/hosting/kubernetes/kubernetes-production/",
  severity: "error in prod only",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "charts/dapr/values.yaml", line: 30 }],
  check(set, profile) {
    if (profile !== "prod") return [];
    return daprChartApplications(set)
      .filter((app) => app.object.spec?.source?.helm?.valuesObject?.global?.ha?.enabled !== true)
      .map((app) =>
        finding(
          this,
          app,
          "error",
          "spec.source.helm.valuesObject.global.ha.enabled",
          "the Dapr control plane is installed without high availability",
        ),
      );
  },
};

function daprChartApplications(set: ObjectSet): SetObject[] {
  return set.ofKind("Application", "argoproj.io").filter((app) => app.object.spec?.source?.chart === "dapr");
}

const secretStores = (set: ObjectSet) =>
  daprComponents(set).filter((component) => String(component.object.spec?.type ?? "").startsWith("secretstores."));

/** Whether a Role or ClusterRole rule lets its subject get Secrets. */
const grantsSecretGet = (role: SetObject | undefined) =>
  ((role?.object.rules ?? []) as { apiGroups?: string[]; resources?: string[]; verbs?: string[] }[]).some(
    (rule) =>
      (rule.apiGroups ?? []).some((group) => group === "" || group === "*") &&
      (rule.resources ?? []).some((resource) => resource === "secrets" || resource === "*") &&
      (rule.verbs ?? []).some((verb) => verb === "get" || verb === "*"),
  );

/** Whether the app's ServiceAccount is bound (RoleBinding in its namespace, or ClusterRoleBinding) to a role that may get Secrets. */
function mayGetSecrets(set: ObjectSet, app: DaprApp): boolean {
  const account = String(app.template.spec.serviceAccountName ?? app.template.spec.serviceAccount ?? "default");
  return [...set.ofKind("RoleBinding"), ...set.ofKind("ClusterRoleBinding")].some((binding) => {
    if (binding.kind === "RoleBinding" && binding.namespace !== app.namespace) return false;
    const subjects = (binding.object.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[];
    if (
      !subjects.some(
        (subject) =>
          subject.kind === "ServiceAccount" &&
          subject.name === account &&
          (subject.namespace ?? binding.namespace) === app.namespace,
      )
    )
      return false;
    const ref = binding.object.roleRef ?? {};
    const role =
      ref.kind === "ClusterRole"
        ? set.find("ClusterRole", "", String(ref.name))[0]
        : set.find("Role", binding.namespace, String(ref.name))[0];
    return grantsSecretGet(role);
  });
}

const secretstoreRbacMissing: Rule = {
  id: "dapr/secretstore-rbac-missing",
  summary:
    "A Kubernetes secret store used by an app whose ServiceAccount may not get Secrets, or whose pod mounts no token.",
  why: "The store reads Secrets with the app's own ServiceAccount token: without a Role and RoleBinding granting get on secrets (or without a token) every read is a 403 at runtime.",
  fix: "Bind the app's ServiceAccount to a Role that may get exactly the Secrets it reads (resourceNames), and leave automountServiceAccountToken on for that pod.",
  reference: "https://docs.dapr.io/reference/components-reference/supported-secret-stores/kubernetes-secret-store/",
  severity: "error in every profile",
  upstream: [{ repository: "kubernetes/client-go", tag: "v0.36.3", file: "rest/config.go", line: 553 }],
  check(set) {
    const found: Finding[] = [];
    for (const store of secretStores(set).filter(
      (component) => component.object.spec?.type === "secretstores.kubernetes",
    )) {
      for (const app of daprApps(set).filter((candidate) => visibleTo(store, candidate))) {
        const account = String(app.template.spec.serviceAccountName ?? app.template.spec.serviceAccount ?? "default");
        if (!mountsToken(set, app)) {
          found.push(
            finding(
              this,
              store,
              "error",
              "scopes",
              `app ${app.appId} uses secret store ${store.name} but its pod mounts no service account token`,
            ),
          );
          continue;
        }
        const bound = mayGetSecrets(set, app);
        if (!bound)
          found.push(
            finding(
              this,
              store,
              "error",
              "scopes",
              `app ${app.appId} uses secret store ${store.name}, but ServiceAccount ${app.namespace}/${account} may not get Secrets: every read is a 403`,
            ),
          );
      }
    }
    return found;
  },
};

/**
 * Outcomes after which the callee may already have done the work: a 5xx other than 503 (which says the request
 * was not served), and gRPC UNKNOWN (2), DEADLINE_EXCEEDED (4) and INTERNAL (13).
 */
const SIDE_EFFECT_HTTP = [
  [500, 502],
  [504, 599],
] as const;
const SIDE_EFFECT_GRPC = [2, 4, 13] as const;
const GRPC_NAMES: Readonly<Record<number, string>> = { 2: "UNKNOWN", 4: "DEADLINE_EXCEEDED", 13: "INTERNAL" };

/** Dapr's code lists ("429,500-599"); undefined when absent or empty, which Dapr reads as "retry every code". */
function codeRanges(list: unknown): [number, number][] | undefined {
  const ranges = String(list ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split("-").map(Number) as [number, number?])
    .map(([from, to]) => [from, to ?? from] as [number, number]);
  return ranges.length > 0 ? ranges : undefined;
}

/** What a retry policy re-sends that may follow a completed side effect, in words; empty when nothing. */
function sideEffectRetries(retry: Record<string, any> | undefined, timeout: boolean): string[] {
  const http = codeRanges(retry?.matching?.httpStatusCodes);
  const grpc = codeRanges(retry?.matching?.gRPCStatusCodes);
  const overlaps = (ranges: [number, number][] | undefined, from: number, to: number) =>
    ranges === undefined || ranges.some(([a, b]) => a <= to && from <= b);
  const found: string[] = [];
  const httpHits = SIDE_EFFECT_HTTP.filter(([from, to]) => overlaps(http, from, to));
  if (httpHits.length > 0)
    found.push(
      http === undefined
        ? "every HTTP status (no httpStatusCodes)"
        : `HTTP ${httpHits.map(([from, to]) => `${from}-${to}`).join(", ")}`,
    );
  const grpcHits = SIDE_EFFECT_GRPC.filter((code) => overlaps(grpc, code, code));
  if (grpcHits.length > 0)
    found.push(
      grpc === undefined
        ? "every gRPC status (no gRPCStatusCodes)"
        : `gRPC ${grpcHits.map((code) => GRPC_NAMES[code]).join(", ")}`,
    );
  // A policy's own timeout is not a status code: Dapr retries it whatever `matching` says.
  if (timeout) found.push("the target's own timeout");
  return found;
}

const retrySideEffect: Rule = {
  id: "dapr/retry-side-effect",
  summary:
    "A Resiliency app target (or the default app retry policy) that retries outcomes which can follow a completed side effect.",
  why: "A policy on an app target applies to every method and verb of that app. Retrying a 5xx other than 503, gRPC DEADLINE_EXCEEDED, UNKNOWN or INTERNAL, or the policy's own timeout (which Dapr retries whatever `matching` lists) re-sends a request the callee may have completed: a POST that takes a payment can take it twice. A warning: the manifests do not say which methods have side effects.",
  fix: "Retry only 429/503 and gRPC UNAVAILABLE (14), with no timeout on that target, or make the callee idempotent (an idempotency key).",
  reference: "https://docs.dapr.io/operations/resiliency/policies/retries/retries-overview/",
  severity: "warning",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/api/http/directmessaging.go", line: 134 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/resiliency.go", line: 620 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/policy.go", line: 250 },
  ],
  check(set) {
    return set.ofKind("Resiliency", "dapr.io").flatMap((resiliency) => {
      const policies = resiliency.object.spec?.policies ?? {};
      const retries = (policies.retries ?? {}) as Record<string, Record<string, any>>;
      const timeouts = (policies.timeouts ?? {}) as Record<string, unknown>;
      const found: Finding[] = [];
      for (const [app, target] of Object.entries(
        (resiliency.object.spec?.targets?.apps ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        const retry = typeof target?.retry === "string" ? retries[target.retry] : undefined;
        if (!retry) continue;
        const risky = sideEffectRetries(retry, typeof target.timeout === "string" && target.timeout in timeouts);
        if (risky.length > 0)
          found.push(
            finding(
              this,
              resiliency,
              "warning",
              `spec.targets.apps.${app}.retry`,
              `calls to ${app} are retried after ${risky.join(", ")}: a non-idempotent method may run twice`,
            ),
          );
      }
      // Apps without a target of their own get Dapr's default app policies.
      for (const name of ["DefaultAppRetryPolicy", "DefaultRetryPolicy"]
        .filter((candidate) => candidate in retries)
        .slice(0, 1)) {
        const risky = sideEffectRetries(
          retries[name],
          "DefaultAppTimeoutPolicy" in timeouts || "DefaultTimeoutPolicy" in timeouts,
        );
        if (risky.length > 0)
          found.push(
            finding(
              this,
              resiliency,
              "warning",
              `spec.policies.retries.${name}`,
              `calls to apps without a target are retried after ${risky.join(", ")}: a non-idempotent method may run twice`,
            ),
          );
      }
      return found;
    });
  },
};

const DISABLE_BUILTIN_STORE = "dapr.io/disable-builtin-k8s-secret-store";
/** The secret store daprd adds by itself in Kubernetes mode (dapr/dapr v1.18.3 pkg/runtime/runtime.go appendBuiltinSecretStore). */
const BUILTIN_SECRET_STORE = "kubernetes";

/** Whether the pod mounts its ServiceAccount's API token: the pod's setting, else its ServiceAccount's, else yes. */
function mountsToken(set: ObjectSet, app: DaprApp): boolean {
  const account = String(app.template.spec.serviceAccountName ?? app.template.spec.serviceAccount ?? "default");
  const serviceAccount = set.find("ServiceAccount", app.namespace, account)[0];
  return (
    (app.template.spec.automountServiceAccountToken ?? serviceAccount?.object.automountServiceAccountToken ?? true) !==
    false
  );
}

const builtinSecretstoreNoToken: Rule = {
  id: "dapr/builtin-secretstore-no-token",
  summary: `A Dapr pod that mounts no ServiceAccount token and does not set ${DISABLE_BUILTIN_STORE}: "true".`,
  why: 'In Kubernetes mode daprd always loads the built-in "kubernetes" secret store, without ignoreErrors; its init needs the API token, and a component that fails to init ends daprd. The injector mounts only the Sentry token, so the sidecar exits at start and the pod crash-loops (dapr/docs#5014).',
  fix: `Set the pod annotation ${DISABLE_BUILTIN_STORE}: "true" (Components' secretKeyRefs to the "kubernetes" store are resolved by the operator, not the sidecar), or mount the token if the app reads secrets through the built-in store.`,
  reference: "https://docs.dapr.io/reference/arguments-annotations-overview/",
  severity: "error in every profile",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/runtime.go", line: 1619 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/processor/components.go", line: 192 },
    { issue: "dapr/dapr#7682" },
    { issue: "dapr/docs#5014" },
  ],
  check(set) {
    return daprApps(set)
      .filter((app) => !isTruthy(app.annotations[DISABLE_BUILTIN_STORE]) && !mountsToken(set, app))
      .map((app) =>
        finding(
          this,
          app.workload,
          "error",
          annotationPath(app, DISABLE_BUILTIN_STORE),
          `the sidecar of ${app.appId} loads the built-in Kubernetes secret store, but the pod mounts no ServiceAccount token: daprd exits at start`,
        ),
      );
  },
};

const secretScopesMissing: Rule = {
  id: "dapr/secret-scopes-missing",
  summary:
    'An app that can use a secret store (a scoped secret-store Component, or the built-in "kubernetes" store while its sidecar keeps it and its token may get Secrets) whose Configuration has no secrets.scopes entry for it with defaultAccess: deny.',
  why: "Without a scope the sidecar serves every secret the store can read to the app (and to anything that can call its API), not only the ones it needs.",
  fix: "Add spec.secrets.scopes: [{storeName: <store>, defaultAccess: deny, allowedSecrets: [...]}] to the app's Configuration.",
  reference: "https://docs.dapr.io/operations/configuration/secret-scope/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/config/configuration.go", line: 788 }],
  check(set, profile) {
    const found: Finding[] = [];
    for (const app of daprApps(set)) {
      const stores = secretStores(set)
        .filter((store) => visibleTo(store, app))
        .map((store) => store.name);
      // The built-in store serves every Secret the pod's token may read: it matters when the sidecar keeps it, has a
      // token, and that token may get Secrets.
      if (!isTruthy(app.annotations[DISABLE_BUILTIN_STORE]) && mountsToken(set, app) && mayGetSecrets(set, app))
        stores.push(BUILTIN_SECRET_STORE);
      if (stores.length === 0) continue;
      const configuration = set.find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "")[0];
      const scopes = (configuration?.object.spec?.secrets?.scopes ?? []) as {
        storeName?: string;
        defaultAccess?: string;
      }[];
      for (const store of [...new Set(stores)]) {
        const scope = scopes.find((candidate) => candidate.storeName === store);
        if (scope && String(scope.defaultAccess).toLowerCase() === "deny") continue;
        found.push(
          configuration
            ? finding(
                this,
                configuration,
                strictOutsideDev(profile),
                "spec.secrets.scopes",
                `app ${app.appId} can read every secret of store ${store}: no scope with defaultAccess: deny`,
              )
            : finding(
                this,
                app.workload,
                strictOutsideDev(profile),
                annotationPath(app, "dapr.io/config"),
                `app ${app.appId} can read every secret of store ${store}: its Configuration is not in the set`,
              ),
        );
      }
    }
    return found;
  },
};

export const DAPR_RULES: readonly Rule[] = [
  componentUnscoped,
  inlineSecret,
  componentMetadata,
  unknownAnnotation,
  appProtocolInvalid,
  appPortMissing,
  configMissing,
  subscriptionPubsubMissing,
  subscriptionV1alpha1,
  deadLetterMissing,
  duplicateComponent,
  actorStateStore,
  resiliencyInvalid,
  resiliencyTargetUnknown,
  sidecarResources,
  tracingDisabled,
  accessControlOpen,
  mtlsDisabled,
  controlPlaneNotHa,
  secretstoreRbacMissing,
  secretScopesMissing,
  builtinSecretstoreNoToken,
  retrySideEffect,
];
