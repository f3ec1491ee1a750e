// The pod each workload really runs, after the admission webhooks that mutate it, and the kubelet's non-root
// rules applied to it. Neither webhook nor kubelet runs here, so this is a model of the pinned versions' code:
// - Dapr injector 1.18.3 (pkg/injector/patcher/sidecar_container.go): a `daprd` container with
//   allowPrivilegeEscalation false and the chart's sidecarRunAsNonRoot, sidecarReadOnlyRootFilesystem and
//   sidecarDropALLCapabilities; its image (distroless, USER 65532) runs as non-root.
// - OpenTelemetry Operator 0.158.0 (internal/instrumentation/sdk.go, golang.go): per SDK language an init container
//   whose securityContext is spec.initContainerSecurityContext, else the instrumented container's; for Go a
//   sidecar with spec.go.securityContext, else runAsUser 0 and privileged, plus a hostPath /sys/kernel/debug volume.
//   The autoinstrumentation images set no USER: they run as root.
//   daprd (pkg/runtime/runtime.go) loads the built-in "kubernetes" secret store unless the pod sets
//   dapr.io/disable-builtin-k8s-secret-store; its init reads the pod's API token, which the injector does not
//   mount (only the Sentry token), and a failed init ends daprd (pkg/runtime/processor/components.go).
// - StatefulSet controller: a persistentVolumeClaim volume per volumeClaimTemplate.
// - kubelet: a container whose effective runAsNonRoot is true is refused when its effective runAsUser is 0, or
//   unset while its image runs as root ("container has runAsNonRoot and image will run as root").
import type { Inventory, InventoryObject } from "../../lib/inventory/inventory.ts";
import { INIT_CONTAINER_LANGUAGES, resolveInstrumentation } from "../../lib/manifests/instrumentation-ref.ts";
import { isTruthy } from "../dapr-facts.ts";
import { gateFinding, type GateFinding } from "../../lib/gates/gate.ts";
import type { Gate } from "../../lib/gates/gate.ts";

const INJECT = "instrumentation.opentelemetry.io/inject-";
const SPEC_BLOCK: Readonly<Record<string, string>> = {
  java: "java",
  nodejs: "nodejs",
  python: "python",
  dotnet: "dotnet",
  "apache-httpd": "apacheHttpd",
  nginx: "nginx",
  go: "go",
};
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);
/** Images whose user is known, by the name of the container the webhooks inject. */
const ROOT_IMAGE = "the operator's autoinstrumentation image (no USER: root)";

export interface EffectivePod {
  readonly workload: InventoryObject;
  readonly pod: Record<string, any>;
  /** Containers (init ones included) whose image is known to run as root. */
  readonly rootImages: ReadonlySet<string>;
}

export function effectivePods(inventory: Inventory): EffectivePod[] {
  const daprd = daprdSettings(inventory);
  const instrumentations = inventory.objects
    .filter((item) => item.object.kind === "Instrumentation")
    .map((item) => ({ namespace: item.namespace, name: String(item.object.metadata.name), object: item.object }));
  return inventory.objects
    .filter((item) => WORKLOADS.has(String(item.object.kind)) && item.object.spec?.template)
    .map((workload) => {
      const template = structuredClone(workload.object.spec.template) as Record<string, any>;
      const annotations: Record<string, string> = template.metadata?.annotations ?? {};
      const spec = template.spec as Record<string, any>;
      spec.containers ??= [];
      spec.initContainers ??= [];
      spec.volumes ??= [];
      const rootImages = new Set<string>();
      // The StatefulSet controller gives each pod a claim per volumeClaimTemplate, mounted by the template's name.
      for (const claim of (workload.object.kind === "StatefulSet"
        ? (workload.object.spec.volumeClaimTemplates ?? [])
        : []) as { metadata: { name: string } }[]) {
        spec.volumes.push({
          name: claim.metadata.name,
          persistentVolumeClaim: { claimName: `${claim.metadata.name}-${workload.object.metadata.name}-0` },
        });
      }
      // The injector reads the annotation as kit's IsTruthy does ("true", "yes", "1", ...), not only "true".
      if (isTruthy(annotations["dapr.io/enabled"]) && daprd) {
        spec.containers.push({
          name: "daprd",
          image: daprd.image,
          securityContext: {
            allowPrivilegeEscalation: false,
            runAsNonRoot: daprd.runAsNonRoot,
            readOnlyRootFilesystem: daprd.readOnlyRootFilesystem,
            ...(daprd.dropAll ? { capabilities: { drop: ["ALL"] } } : {}),
            ...(annotations["dapr.io/sidecar-seccomp-profile-type"]
              ? { seccompProfile: { type: annotations["dapr.io/sidecar-seccomp-profile-type"] } }
              : {}),
          },
        });
      }
      for (const [key, value] of Object.entries(annotations).filter(([key]) => key.startsWith(INJECT))) {
        const language = key.slice(INJECT.length);
        const instrumentation = resolveInstrumentation(value, workload.namespace, instrumentations)?.object;
        if (!instrumentation) continue;
        const block = instrumentation.spec?.[SPEC_BLOCK[language] ?? ""] ?? {};
        const target = instrumentedContainer(spec, annotations);
        if (language === "go") {
          const name = "opentelemetry-auto-instrumentation";
          spec.shareProcessNamespace = true;
          spec.volumes.push({ name: "kernel-debug", hostPath: { path: "/sys/kernel/debug" } });
          spec.containers.push({
            name,
            image: block.image ?? "operator-default-go-image",
            securityContext: block.securityContext ?? { runAsUser: 0, privileged: true },
          });
          rootImages.add(name);
        } else if (INIT_CONTAINER_LANGUAGES.has(language)) {
          const name = `opentelemetry-auto-instrumentation-${language}`;
          spec.volumes.push({ name, emptyDir: {} });
          spec.initContainers.push({
            name,
            image: block.image ?? `operator-default-${language}-image`,
            securityContext: instrumentation.spec?.initContainerSecurityContext ?? target?.securityContext,
            volumeMounts: [{ name, mountPath: `/otel-auto-instrumentation-${language}` }],
          });
          rootImages.add(name);
        }
      }
      const pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `${workload.object.metadata.name}-effective`,
          namespace: workload.namespace,
          labels: template.metadata?.labels ?? {},
        },
        spec,
      };
      return { workload, pod, rootImages };
    });
}

/** The kubelet's non-root rules over every effective pod. */
export function checkNonRoot(inventory: Inventory): GateFinding[] {
  const findings: GateFinding[] = [];
  for (const { workload, pod, rootImages } of effectivePods(inventory)) {
    const podContext = pod.spec.securityContext ?? {};
    for (const container of [...pod.spec.initContainers, ...pod.spec.containers] as Record<string, any>[]) {
      const context = container.securityContext ?? {};
      const nonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
      if (nonRoot !== true) continue;
      const user = context.runAsUser ?? podContext.runAsUser;
      if (user === 0) {
        findings.push(
          gateFinding(
            "kubelet",
            inventory.environment,
            workload,
            `container ${container.name}: runAsUser 0 breaks the runAsNonRoot it inherits; the kubelet refuses to start the pod`,
          ),
        );
      } else if (user === undefined && rootImages.has(container.name)) {
        findings.push(
          gateFinding(
            "kubelet",
            inventory.environment,
            workload,
            `container ${container.name} has runAsNonRoot and ${ROOT_IMAGE} will run as root; the kubelet refuses to start the pod`,
          ),
        );
      }
    }
  }
  return findings;
}

/** daprd's start: a sidecar that keeps the built-in Kubernetes secret store needs the pod's API token, or exits. */
export function checkSidecarStart(inventory: Inventory): GateFinding[] {
  const serviceAccounts = new Map(
    inventory.objects
      .filter((item) => item.object.kind === "ServiceAccount")
      .map((item) => [`${item.namespace}/${item.object.metadata?.name}`, item.object]),
  );
  return effectivePods(inventory).flatMap(({ workload, pod }) => {
    if (!pod.spec.containers.some((container: { name: string }) => container.name === "daprd")) return [];
    const annotations: Record<string, string> = workload.object.spec.template.metadata?.annotations ?? {};
    if (isTruthy(annotations["dapr.io/disable-builtin-k8s-secret-store"])) return [];
    const account = serviceAccounts.get(`${workload.namespace}/${pod.spec.serviceAccountName ?? "default"}`);
    // The pod's own setting wins; unset, its ServiceAccount's; unset there too, the token is mounted.
    const mounted = pod.spec.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
    return mounted === false
      ? [
          gateFinding(
            "effective-pods",
            inventory.environment,
            workload,
            "daprd loads the built-in Kubernetes secret store but the pod mounts no ServiceAccount token: its init fails and daprd exits at start",
          ),
        ]
      : [];
  });
}

function instrumentedContainer(
  spec: Record<string, any>,
  annotations: Record<string, string>,
): Record<string, any> | undefined {
  const named = annotations["instrumentation.opentelemetry.io/container-names"]?.split(",")[0]?.trim();
  return (spec.containers as Record<string, any>[]).find((container) => container.name === named) ?? spec.containers[0];
}

/** The injector settings from the Dapr chart Application's values, over the chart's defaults. */
function daprdSettings(
  inventory: Inventory,
): { image: string; runAsNonRoot: boolean; readOnlyRootFilesystem: boolean; dropAll: boolean } | undefined {
  const dapr = inventory.objects.find(
    (item) => item.object.kind === "Application" && item.object.spec?.source?.chart === "dapr",
  );
  if (!dapr) return undefined;
  const values = dapr.object.spec.source.helm?.valuesObject ?? {};
  const injector = values.dapr_sidecar_injector ?? {};
  return {
    image: `${values.global?.registry ?? "ghcr.io/dapr"}/daprd:${values.global?.tag ?? dapr.object.spec.source.targetRevision}`,
    runAsNonRoot: injector.sidecarRunAsNonRoot ?? true,
    readOnlyRootFilesystem: injector.sidecarReadOnlyRootFilesystem ?? true,
    dropAll: injector.sidecarDropALLCapabilities ?? false,
  };
}

export const effectivePodsGate: Gate = {
  name: "effective-pods",
  run: async ({ inventory }) => [...checkNonRoot(inventory), ...checkSidecarStart(inventory)],
};
