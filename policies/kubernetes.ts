// Kubernetes rules: floating images, unbounded or root containers, Services that select nothing, and prod
// workloads without disruption budgets or default-deny network policies.
import type { ObjectSet, PodTemplate, SetObject } from "../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../lib/policies/rule.ts";

interface Container {
  readonly name?: string;
  readonly image?: string;
  readonly resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readonly securityContext?: Record<string, any>;
}

function containersOf(template: PodTemplate): { container: Container; path: string }[] {
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

function byNamespace<T>(items: readonly T[], namespaceOf: (item: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const list = grouped.get(namespaceOf(item));
    if (list) list.push(item);
    else grouped.set(namespaceOf(item), [item]);
  }
  return grouped;
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

/** Instrumentation blocks whose `image` the operator injects. */
const INSTRUMENTATION_IMAGE_BLOCKS = ["java", "nodejs", "python", "dotnet", "go", "apacheHttpd", "nginx"] as const;

/** Image tags set in a chart Application's Helm values: image.tag, global.tag, and any <x>.image.tag. */
function helmValueTags(values: unknown, path: string): { path: string; tag: unknown }[] {
  if (typeof values !== "object" || values === null || Array.isArray(values)) return [];
  const found: { path: string; tag: unknown }[] = [];
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const here = `${path}.${key}`;
    if (key === "image" && typeof value === "object" && value !== null && "tag" in value)
      found.push({ path: `${here}.tag`, tag: (value as { tag: unknown }).tag });
    else if (key === "tag" && path.endsWith(".global")) found.push({ path: here, tag: value });
    else found.push(...helmValueTags(value, here));
  }
  return found;
}

const imageUnpinned: Rule = {
  id: "k8s/image-unpinned",
  summary:
    "An image tagged latest or untagged wherever an image is set (pod containers, OpenTelemetryCollector.spec.image, Instrumentation.spec.<language>.image, image tags in chart values), and in prod a pod container image without a digest.",
  why: "The image can change under the same manifest: a reschedule runs different code than the one reviewed.",
  fix: "Pin a version tag, and in prod append its digest to pod images (image:tag@sha256:...).",
  reference: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
  severity: "error for latest or no tag in every profile; error for a missing digest of a pod container in prod only",
  upstream: [{ repository: "kubernetes/kubernetes", tag: "v1.36.3", file: "pkg/apis/core/v1/defaults.go", line: 88 }],
  check(set, profile) {
    const found: Finding[] = [];
    const floating = (image: string) => {
      const [reference, digest] = image.split("@");
      const lastSegment = (reference ?? "").split("/").at(-1) ?? "";
      const tag = lastSegment.includes(":") ? lastSegment.split(":").at(-1) : undefined;
      return digest ? undefined : tag === undefined ? "has no tag" : tag === "latest" ? "is tagged latest" : undefined;
    };
    for (const { workload, template } of set.workloads()) {
      for (const { container, path } of containersOf(template)) {
        const image = String(container.image ?? "");
        const problem = floating(image);
        if (problem)
          found.push(finding(this, workload, "error", `${path}.image`, `${path}.image "${image}" ${problem}`));
        else if (profile === "prod" && !image.includes("@"))
          found.push(finding(this, workload, "error", `${path}.image`, `${path}.image "${image}" has no digest`));
      }
    }
    // Operator-managed images: digests are not required there (the operators take tags), floating tags are.
    for (const collector of set.ofKind("OpenTelemetryCollector")) {
      const image = collector.object.spec?.image;
      const problem = typeof image === "string" ? floating(image) : undefined;
      if (problem) found.push(finding(this, collector, "error", "spec.image", `spec.image "${image}" ${problem}`));
    }
    for (const instrumentation of set.ofKind("Instrumentation")) {
      for (const block of INSTRUMENTATION_IMAGE_BLOCKS) {
        const image = instrumentation.object.spec?.[block]?.image;
        const problem = typeof image === "string" ? floating(image) : undefined;
        if (problem)
          found.push(
            finding(this, instrumentation, "error", `spec.${block}.image`, `spec.${block}.image "${image}" ${problem}`),
          );
      }
    }
    for (const app of set.ofKind("Application", "argoproj.io")) {
      for (const { path, tag } of helmValueTags(
        app.object.spec?.source?.helm?.valuesObject,
        "spec.source.helm.valuesObject",
      )) {
        if (tag === undefined || tag === null || tag === "") continue; // the chart's appVersion: pinned by the chart version
        if (String(tag) === "latest") found.push(finding(this, app, "error", path, `${path} "latest" floats`));
      }
    }
    return found;
  },
};

const resourcesMissing: Rule = {
  id: "k8s/resources-missing",
  summary: "A container without cpu and memory requests and a memory limit.",
  why: "Without requests the scheduler overcommits the node; without a memory limit one leak takes the node's memory.",
  fix: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory.",
  reference: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  severity: "warning",
  upstream: [
    { repository: "kubernetes/kubernetes", tag: "v1.36.3", file: "pkg/apis/core/helper/qos/qos.go", line: 155 },
  ],
  check(set) {
    return set.workloads().flatMap(({ workload, template }) =>
      containersOf(template).flatMap(({ container, path }) => {
        const missing = [
          ...(container.resources?.requests?.cpu === undefined ? ["requests.cpu"] : []),
          ...(container.resources?.requests?.memory === undefined ? ["requests.memory"] : []),
          ...(container.resources?.limits?.memory === undefined ? ["limits.memory"] : []),
        ];
        return missing.length > 0
          ? [
              finding(
                this,
                workload,
                "warning",
                `${path}.resources`,
                `container ${container.name ?? "?"} has no ${missing.join(", ")}`,
              ),
            ]
          : [];
      }),
    );
  },
};

const securityContext: Rule = {
  id: "k8s/security-context",
  summary: "A container that may run as root, escalate privileges, or keeps capabilities.",
  why: "A compromised process gets root in the container and a shorter path to the node.",
  fix: "Set runAsNonRoot: true, allowPrivilegeEscalation: false and capabilities.drop: [ALL].",
  reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  severity: "warning",
  upstream: [
    { repository: "kubernetes/pod-security-admission", tag: "v0.36.3", file: "policy/check_runAsNonRoot.go", line: 78 },
    {
      repository: "kubernetes/pod-security-admission",
      tag: "v0.36.3",
      file: "policy/check_allowPrivilegeEscalation.go",
      line: 64,
    },
  ],
  check(set) {
    return set.workloads().flatMap(({ workload, template }) => {
      const pod = (template.spec.securityContext ?? {}) as Record<string, any>;
      return containersOf(template).flatMap(({ container, path }) => {
        const context = container.securityContext ?? {};
        const problems = [
          ...(context.privileged === true ? ["runs privileged"] : []),
          ...((context.runAsNonRoot ?? pod.runAsNonRoot) !== true && !((context.runAsUser ?? pod.runAsUser) > 0)
            ? ["may run as root"]
            : []),
          ...(context.allowPrivilegeEscalation !== false ? ["may escalate privileges"] : []),
          ...(!((context.capabilities?.drop ?? []) as string[]).includes("ALL") ? ["keeps capabilities"] : []),
        ];
        return problems.length > 0
          ? [
              finding(
                this,
                workload,
                "warning",
                `${path}.securityContext`,
                `container ${container.name ?? "?"} ${problems.join(", ")}`,
              ),
            ]
          : [];
      });
    });
  },
};

const serviceSelector: Rule = {
  id: "k8s/service-selector",
  summary: "A Service whose selector matches no workload in the set.",
  why: "The Service has no endpoints: every connection is refused.",
  fix: "Make the selector match the pod template labels of the workload it fronts.",
  reference: "https://kubernetes.io/docs/concepts/services-networking/service/",
  severity: "error in every profile",
  upstream: [
    {
      repository: "kubernetes/kubernetes",
      tag: "v1.36.3",
      file: "pkg/controller/endpointslice/endpointslice_controller.go",
      line: 406,
    },
  ],
  check(set) {
    const workloads = byNamespace(set.workloads(), ({ workload }) => workload.namespace);
    return set
      .ofKind("Service", "")
      .filter((service) => Object.keys(service.object.spec?.selector ?? {}).length > 0)
      .filter(
        (service) =>
          !(workloads.get(service.namespace) ?? []).some(({ template }) =>
            matches(service.object.spec.selector, template.metadata.labels),
          ),
      )
      .map((service) =>
        finding(
          this,
          service,
          "error",
          "spec.selector",
          `no workload in ${service.namespace} has labels ${JSON.stringify(service.object.spec.selector)}`,
        ),
      );
  },
};

const pdbMissing: Rule = {
  id: "k8s/pdb-missing",
  summary: "In prod, a workload with more than one replica and no PodDisruptionBudget.",
  why: "A node drain may evict every replica at once.",
  fix: "Add a PodDisruptionBudget (maxUnavailable: 1) selecting the workload's pods.",
  reference: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
  severity: "error in prod only",
  upstream: [
    {
      repository: "kubernetes/kubernetes",
      tag: "v1.36.3",
      file: "pkg/registry/core/pod/storage/eviction.go",
      line: 231,
    },
  ],
  check(set, profile) {
    if (profile !== "prod") return [];
    const budgets = byNamespace(set.ofKind("PodDisruptionBudget"), (budget) => budget.namespace);
    return set
      .workloads()
      .filter(
        ({ workload }) =>
          ["Deployment", "StatefulSet"].includes(workload.kind) && Number(workload.object.spec?.replicas ?? 1) > 1,
      )
      .filter(
        ({ workload, template }) =>
          !(budgets.get(workload.namespace) ?? []).some((budget) =>
            matches(budget.object.spec?.selector?.matchLabels, template.metadata.labels),
          ),
      )
      .map(({ workload }) =>
        finding(
          this,
          workload,
          "error",
          "spec.replicas",
          `${workload.kind} ${workload.name} runs ${workload.object.spec.replicas} replicas without a PodDisruptionBudget`,
        ),
      );
  },
};

const networkPolicyMissing: Rule = {
  id: "k8s/network-policy-missing",
  summary: "In prod, a namespace with workloads and no default-deny NetworkPolicy.",
  why: "Every pod in the cluster can reach every pod in the namespace.",
  fix: "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules, then allow what each app needs.",
  reference:
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic",
  severity: "error in prod only",
  upstream: [{ repository: "kubernetes/api", tag: "v0.36.3", file: "networking/v1/types.go", line: 77 }],
  check(set, profile) {
    if (profile !== "prod") return [];
    const denies = (policy: SetObject) =>
      Object.keys(policy.object.spec?.podSelector ?? {}).length === 0 &&
      ((policy.object.spec?.policyTypes ?? []) as string[]).includes("Ingress") &&
      (policy.object.spec?.ingress ?? []).length === 0;
    const denied = new Set(
      set
        .ofKind("NetworkPolicy")
        .filter(denies)
        .map((policy) => policy.namespace),
    );
    const first = new Map<string, SetObject>();
    for (const { workload } of set.workloads())
      if (!first.has(workload.namespace)) first.set(workload.namespace, workload);
    return [...first.entries()]
      .filter(([namespace]) => !denied.has(namespace))
      .map(([namespace, workload]) =>
        finding(
          this,
          workload,
          "error",
          "metadata.namespace",
          `namespace ${namespace} runs workloads and has no default-deny NetworkPolicy`,
        ),
      );
  },
};

const notAnObject: Rule = {
  id: "k8s/not-an-object",
  summary:
    "A YAML document in the checked files that is not a Kubernetes object (no apiVersion or kind, or not a mapping).",
  why: "kubectl and Argo CD refuse such a document, or it was meant to be an object and a misspelt field (Kind:) hides it from every other rule.",
  fix: "Give the document apiVersion and kind (case-sensitive), or move files that are not manifests out of the checked folders.",
  reference: "https://kubernetes.io/docs/concepts/overview/working-with-objects/#describing-a-kubernetes-object",
  severity: "warning",
  upstream: [{ repository: "kubernetes/apimachinery", tag: "v0.36.3", file: "pkg/runtime/error.go", line: 90 }],
  check(set) {
    return set.notObjects.map((document) => ({
      rule: this.id,
      severity: "warning" as const,
      message: `not a Kubernetes object: ${document.reason}`,
      file: document.file,
      line: document.line,
      kind: "",
      namespace: "",
      name: "",
      path: "",
      fix: this.fix,
    }));
  },
};

export const KUBERNETES_RULES: readonly Rule[] = [
  notAnObject,
  imageUnpinned,
  resourcesMissing,
  securityContext,
  serviceSelector,
  pdbMissing,
  networkPolicyMissing,
];
