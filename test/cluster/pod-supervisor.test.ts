// The pod supervisor runs pods of the images it knows as processes, as a kubelet would: inputs from ConfigMaps,
// Secrets and the service-account token in place, $(VAR) references expanded, readiness from the container's probe,
// Services reachable on their ClusterIPs by name, each pod in its own network namespace (two replicas listen on the
// same port; a pod's containers share a localhost the machine's is not); a missing Secret key or a failing container
// keeps the pod unready, with the reason; containers run as their security context's user, and root is refused
// where runAsNonRoot says so; each pod has its own hostname. Stopped, nothing it started is left.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startPodSupervisor, type PodSupervisor } from "../../lib/cluster/pod-supervisor.ts";
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { startLocalCluster, type LocalCluster } from "../../lib/tools/local-cluster.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { TEMP_PREFIX } from "../support/leftovers.ts";

const REDIS = "example.test/redis:7";
const SHELL = "example.test/shell:1";
const IMAGES: ProcessImage[] = [
  {
    image: REDIS,
    binaries: { "redis-server": "/usr/bin/redis-server" },
    entrypoint: ["redis-server"],
  },
  { image: SHELL, binaries: {} },
];

const manifests = (namespace: string) => [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "redis", namespace }, stringData: { auth: "s3cret" } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "greeting", namespace }, data: { text: "hello" } },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "redis", namespace },
    spec: { selector: { app: "redis" }, ports: [{ name: "tcp", port: 6379, targetPort: 6379 }] },
  },
  deployment(namespace, "redis", REDIS, {
    args: ["--save", "", "--requirepass $(REDIS_PASSWORD)"],
    env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis", key: "auth" } } }],
    ports: [{ containerPort: 6379 }],
    readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 1 },
  }),
  deployment(
    namespace,
    "shares-localhost",
    REDIS,
    { args: ["--save", "", "--port", "6390"] },
    [],
    [
      {
        name: "client",
        image: SHELL,
        // Exits (and so restarts) unless the pod's other container answers on the pod's own localhost.
        command: [
          "bash",
          "-c",
          "for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/6390) 2>/dev/null && exec sleep 3600; sleep 0.2; done; exit 1",
        ],
      },
    ],
    2,
  ),
  deployment(namespace, "runs-as-user", SHELL, {
    command: ["sh", "-c", 'test "$(id -u):$(id -g)" = 1234:2345 && exec sleep 3600'],
    securityContext: { runAsUser: 1234, runAsGroup: 2345, runAsNonRoot: true },
  }),
  deployment(namespace, "root-refused", SHELL, {
    command: ["sleep", "3600"],
    securityContext: { runAsUser: 0, runAsNonRoot: true },
  }),
  deployment(namespace, "missing-key", REDIS, {
    env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis", key: "absent" } } }],
  }),
  deployment(
    namespace,
    "reads-inputs",
    SHELL,
    {
      command: ["sh", "-c", `${inputsCheck("hello")} && exec sleep 3600`],
      volumeMounts: [
        { name: "greeting", mountPath: "/config" },
        { name: "greeting", mountPath: "/usr/local/etc/greeting" },
      ],
    },
    [{ name: "greeting", configMap: { name: "greeting" } }],
  ),
  deployment(
    namespace,
    "wrong-inputs",
    SHELL,
    {
      command: ["sh", "-c", `${inputsCheck("goodbye")} && exec sleep 3600`],
      volumeMounts: [
        { name: "greeting", mountPath: "/config" },
        { name: "greeting", mountPath: "/usr/local/etc/greeting" },
      ],
    },
    [{ name: "greeting", configMap: { name: "greeting" } }],
  ),
];

/** A container that starts only when its inputs are where a kubelet puts them. */
function inputsCheck(expected: string): string {
  return [
    `test "$(cat /config/text)" = ${expected}`,
    "test -s /var/run/secrets/kubernetes.io/serviceaccount/token",
    "grep -q 'BEGIN CERTIFICATE' /var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    "grep -q ' redis$' /etc/hosts",
    // A ConfigMap mounted where an image keeps its configuration (HAProxy's /usr/local/etc/haproxy).
    `test "$(cat /usr/local/etc/greeting/text)" = ${expected}`,
    // The pod's own hostname (StatefulSet scripts read their ordinal from it), and awk found through /etc/alternatives.
    'test "$(cat /proc/sys/kernel/hostname)" = "$HOSTNAME"',
    "case $HOSTNAME in *-inputs-*) ;; *) exit 1 ;; esac",
    "test \"$(echo a b | awk '{ print $2 }')\" = b",
    // The API server through its Service, as kubelet points every container at it.
    'bash -c "exec 3<>/dev/tcp/$KUBERNETES_SERVICE_HOST/$KUBERNETES_SERVICE_PORT"',
  ].join(" && ");
}

function deployment(
  namespace: string,
  name: string,
  image: string,
  container: object,
  volumes: object[] = [],
  sidecars: object[] = [],
  replicas = 1,
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "main", image, ...container }, ...sidecars], volumes },
      },
    },
  };
}

interface PodList {
  items: {
    metadata: { name: string; labels?: Record<string, string> };
    status?: {
      podIP?: string;
      conditions?: { type: string; status: string }[];
      containerStatuses?: { restartCount: number; state?: { waiting?: { reason?: string; message?: string } } }[];
    };
  }[];
}

describe("the pod supervisor", () => {
  const namespace = "supervised";
  let cluster: LocalCluster | undefined;
  let supervisor: PodSupervisor | undefined;
  let folder = "";

  beforeAll(async () => {
    cluster = await startLocalCluster(inject("controlPlane"), () => {}, inject("clusterNodes"), {
      processImages: [REDIS, SHELL],
    });
    folder = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}supervisor-`));
    supervisor = await startPodSupervisor({
      cluster,
      images: IMAGES,
      folder: `${folder}/pods`,
    });
    const file = `${folder}/manifests.json`;
    await writeFile(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: manifests(namespace) }));
    const applied = await cluster.kubectl(["apply", "-f", file]);
    if (applied.code !== 0) throw new Error(applied.stderr);
  });

  afterAll(async () => {
    await supervisor?.stop();
    await cluster?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const podsOf = async (app: string) => {
    const read = await cluster!.kubectl(["get", "pods", "-n", namespace, "-l", `app=${app}`, "-o", "json"]);
    return (JSON.parse(read.stdout) as PodList).items;
  };
  const pod = async (app: string) => (await podsOf(app))[0];
  const ready = (found: Awaited<ReturnType<typeof pod>>) =>
    found?.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false;

  it("runs a pod as a process that is Ready by its probe and reachable through its Service by ClusterIP", async () => {
    const running = await waitFor(
      "redis Ready",
      async () => ((found) => (ready(found) ? found : undefined))(await pod("redis")),
      {
        deadlineMs: 60_000,
        intervalMs: 500,
      },
    );
    expect(running.status?.podIP).toMatch(/^10\.244\.\d+\.(129|1[3-9][0-9]|2[0-4][0-9]|25[0-3])$/);
    const service = await cluster!.kubectl([
      "get",
      "service",
      "redis",
      "-n",
      namespace,
      "-o",
      "jsonpath={.spec.clusterIP}",
    ]);
    expect(service.stdout).toMatch(/^10\.245\.\d+\.\d+$/);
    // The proxy forwards once the endpoint is published, as kube-proxy does; then the password, from the Secret through
    // $(REDIS_PASSWORD), is the one the server wants: a wrong one is refused, the right one answers.
    const refused = await waitFor(
      "redis through its ClusterIP",
      () => redis(service.stdout, "AUTH wrong\r\n").catch(() => undefined),
      {
        deadlineMs: 30_000,
        intervalMs: 500,
      },
    );
    expect(refused).toMatch(/^-WRONGPASS/);
    expect(await redis(service.stdout, "AUTH s3cret\r\nPING\r\n")).toBe("+OK\r\n+PONG\r\n");
  });

  it("gives a container its volumes, token, CA, hosts and API address, and keeps a container whose check fails unready", async () => {
    await waitFor("reads-inputs Ready", async () => (ready(await pod("reads-inputs")) ? true : undefined), {
      deadlineMs: 60_000,
      intervalMs: 500,
    });
    const failing = await waitFor(
      "wrong-inputs restarted",
      async () =>
        ((found) => ((found?.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0 ? found : undefined))(
          await pod("wrong-inputs"),
        ),
      { deadlineMs: 60_000, intervalMs: 500 },
    );
    expect(ready(failing)).toBe(false);
    // The mount at /usr/local/etc lived in the pod's namespace only: the machine's folder did not get it.
    expect(existsSync("/usr/local/etc/greeting")).toBe(false);
  });

  it("gives each pod a network namespace of its own: replicas on one port, containers sharing the pod's localhost", async () => {
    const both = await waitFor(
      "both shares-localhost replicas Ready",
      async () =>
        ((found) => (found.length === 2 && found.every(ready) ? found : undefined))(await podsOf("shares-localhost")),
      { deadlineMs: 60_000, intervalMs: 500 },
    );
    expect(both.map((found) => found.status?.containerStatuses?.map((status) => status.restartCount))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // The machine's own localhost is not the pods': nothing answers there on that port.
    await expect(redis("127.0.0.1", "PING\r\n", 6390)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("runs a container as its security context's user, and refuses root where runAsNonRoot says so", async () => {
    const running = await waitFor(
      "runs-as-user Ready",
      async () => ((found) => (ready(found) ? found : undefined))(await pod("runs-as-user")),
      {
        deadlineMs: 60_000,
        intervalMs: 500,
      },
    );
    expect(running.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    const refused = await waitFor(
      "root-refused reported",
      async () =>
        ((found) => (found?.status?.containerStatuses?.[0]?.state?.waiting?.message ? found : undefined))(
          await pod("root-refused"),
        ),
      { deadlineMs: 60_000, intervalMs: 500 },
    );
    expect(refused.status?.containerStatuses?.[0]?.state?.waiting).toMatchObject({
      reason: "CreateContainerConfigError",
      message: "container has runAsNonRoot and image will run as root",
    });
  });

  it("refuses to start a container whose Secret key is missing, naming it", async () => {
    const stuck = await waitFor(
      "missing-key reported",
      async () =>
        ((found) => (found?.status?.containerStatuses?.[0]?.state?.waiting?.message ? found : undefined))(
          await pod("missing-key"),
        ),
      { deadlineMs: 60_000, intervalMs: 500 },
    );
    expect(stuck.status?.containerStatuses?.[0]?.state?.waiting).toMatchObject({
      reason: "CreateContainerConfigError",
      message: expect.stringContaining('secret "redis" has no key "absent"'),
    });
    expect(ready(stuck)).toBe(false);
  });

  it("leaves no process behind once stopped", async () => {
    await supervisor!.stop();
    const left: string[] = [];
    for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
      const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      if (command.includes(folder)) left.push(command.replaceAll("\0", " "));
    }
    expect(left).toEqual([]);
  });
});

function redis(address: string, commands: string, port = 6379): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    let answer = "";
    const expected = commands.split("\r\n").filter(Boolean).length;
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.split("\r\n").filter(Boolean).length >= expected) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.once("error", reject);
    socket.once("close", () => reject(new Error(`connection closed after ${JSON.stringify(answer)}`)));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(commands);
  });
}
