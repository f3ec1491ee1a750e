// The in-cluster Redis of environments without managed backends: one pod, no persistence, password from a Secret.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { RedisModel } from "../../lib/model/types.ts";

/** Written at start on the pod's own emptyDir (umask 077: readable by the redis user only), then Redis replaces the shell. */
const START_SCRIPT = String.raw`umask 077 && awk 'BEGIN { v = ENVIRON["REDIS_PASSWORD"]; gsub(/[\\"]/, "\\\\&", v); gsub(/\n/, "\\n", v); printf "requirepass \"%s\"\n", v }' > /data/redis.conf && exec redis-server /data/redis.conf --save "" --appendonly no`;

/** uid and gid of the `redis` user in the official image. */
const REDIS_UID = 999;
const REDIS_GID = 1000;

export function renderRedis(chart: Chart, redis: RedisModel): void {
  const labels = { "app.kubernetes.io/name": redis.name, "app.kubernetes.io/component": "backend" };
  const selector = { "app.kubernetes.io/name": redis.name };
  const port = k8s.IntOrString.fromString("redis");
  new k8s.KubeServiceAccount(chart, constructId("serviceaccount", redis.namespace, redis.name), {
    metadata: { name: redis.name, namespace: redis.namespace, labels },
    automountServiceAccountToken: false,
  });
  new k8s.KubeDeployment(chart, constructId("deployment", redis.namespace, redis.name), {
    metadata: {
      name: redis.name,
      namespace: redis.namespace,
      labels,
      annotations: {
        "trellis.io/description": "In-cluster Redis for state, pub/sub and locks; data does not survive a restart",
      },
    },
    spec: {
      replicas: 1,
      // A second pod would be a second, empty Redis.
      strategy: { type: "Recreate" },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: redis.name,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: REDIS_UID,
            runAsGroup: REDIS_GID,
            fsGroup: REDIS_GID,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "redis",
              image: redis.image,
              imagePullPolicy: "IfNotPresent",
              // The password reaches redis-server through a config file, never its arguments: Kubernetes would expand
              // $(REDIS_PASSWORD) into the command line, which every process list shows. awk reads the variable from
              // its environment, escapes it for Redis's quoted strings and writes a file only the redis user may read.
              command: ["sh", "-c", START_SCRIPT],
              env: [
                {
                  name: "REDIS_PASSWORD",
                  valueFrom: { secretKeyRef: { name: redis.passwordSecret.name, key: redis.passwordSecret.key } },
                },
              ],
              ports: [{ name: "redis", containerPort: redis.port, protocol: "TCP" }],
              resources: {
                requests: { cpu: k8s.Quantity.fromString("50m"), memory: k8s.Quantity.fromString("64Mi") },
                limits: { memory: k8s.Quantity.fromString("256Mi") },
              },
              readinessProbe: { tcpSocket: { port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
              livenessProbe: {
                tcpSocket: { port },
                periodSeconds: 20,
                timeoutSeconds: 2,
                failureThreshold: 3,
                initialDelaySeconds: 10,
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "data", mountPath: "/data" }],
            },
          ],
          volumes: [{ name: "data", emptyDir: {} }],
        },
      },
    },
  });
  new k8s.KubeService(chart, constructId("service", redis.namespace, redis.name), {
    metadata: { name: redis.name, namespace: redis.namespace, labels },
    spec: {
      type: "ClusterIP",
      selector,
      ports: [{ name: "redis", port: redis.port, targetPort: port, protocol: "TCP" }],
    },
  });
}
