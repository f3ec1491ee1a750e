// An app's Deployment: one hardened container, probes, and the Dapr sidecar annotations.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { AppModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { appLabels, selectorLabels } from "./labels.ts";
import { instrumentationAnnotations } from "./instrumentation-annotations.ts";
import { sidecarAnnotations } from "./sidecar-annotations.ts";
import { SIDECAR_SETTINGS_ANNOTATION } from "./sidecar-settings.ts";

/** A writable /tmp, since the root filesystem is read-only. */
const TMP_VOLUME = "tmp";

/** `sidecarSettings`: the digest of the app's Configuration and Resiliency, so that a change of either rolls the pods. */
export function renderDeployment(chart: Chart, app: AppModel, sidecarSettings: string): k8s.KubeDeployment {
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(app.resources.memory.limit) };
  if (app.resources.cpu.limit) limits.cpu = k8s.Quantity.fromString(app.resources.cpu.limit);
  return new k8s.KubeDeployment(chart, constructId("deployment", app.namespace, app.id), {
    metadata: {
      name: app.id,
      namespace: app.namespace,
      labels: appLabels(app),
      annotations: { "trellis.io/description": app.description },
    },
    spec: {
      replicas: app.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(app) },
      template: {
        metadata: {
          labels: appLabels(app),
          annotations: {
            ...sidecarAnnotations(app),
            ...instrumentationAnnotations(app),
            [SIDECAR_SETTINGS_ANNOTATION]: sidecarSettings,
          },
        },
        spec: {
          serviceAccountName: app.id,
          terminationGracePeriodSeconds: app.terminationGracePeriodSeconds,
          automountServiceAccountToken: app.mountServiceAccountToken,
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
            ...(app.runAsUser !== undefined ? { runAsUser: app.runAsUser } : {}),
          },
          containers: [
            {
              name: app.id,
              image: app.image,
              imagePullPolicy: "IfNotPresent",
              ports: [{ name: portName(app), containerPort: app.port, protocol: "TCP" }],
              resources: {
                requests: {
                  cpu: k8s.Quantity.fromString(app.resources.cpu.request),
                  memory: k8s.Quantity.fromString(app.resources.memory.request),
                },
                limits,
              },
              readinessProbe: probe(app, { periodSeconds: 10, failureThreshold: 3 }),
              livenessProbe: probe(app, { periodSeconds: 20, failureThreshold: 3, initialDelaySeconds: 10 }),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: TMP_VOLUME, mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: TMP_VOLUME, emptyDir: {} }],
        },
      },
    },
  });
}

/** Port names follow the protocol so meshes and readers know what the port speaks. */
export function portName(app: AppModel): string {
  return app.protocol;
}

function probe(app: AppModel, timing: Omit<k8s.Probe, "httpGet" | "grpc" | "tcpSocket">): k8s.Probe {
  const port = k8s.IntOrString.fromString(portName(app));
  const check =
    app.health.kind === "http"
      ? { httpGet: { path: app.health.path, port, scheme: app.protocol === "https" ? "HTTPS" : "HTTP" } }
      : app.health.kind === "grpc"
        ? { grpc: { port: app.port } }
        : { tcpSocket: { port } };
  return { ...check, timeoutSeconds: 2, ...timing };
}
