// A kubelet for the pods whose images it knows: it watches pods bound to the local cluster's node, and for each one
// whose first container runs a known image it materialises the pod's inputs, runs the init containers to completion
// and then the containers as processes in the pod's sandbox, restarts them by the pod's restart policy, and reports
// the pod's status (address, phase, readiness from the container's own readiness probe, restarts) to the API
// server. Each pod gets a network namespace of its own on the cluster's bridge, so its containers share a localhost
// and listen as they would in a cluster. kwok leaves these pods alone (withoutProcessPods); every other pod stays simulated by kwok.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hasExited, spawnEngine, type CommandResult, type EngineProcess } from "../tools/processes.ts";
import {
  containerEnvironment,
  ContainerConfigError,
  expand,
  materialiseVolumes,
  refreshVolumes,
  type ClusterReader,
  type PodContext,
} from "./pod-inputs.ts";
import { containerCommand, createPodSandbox, launchCommand, type PodSandbox } from "./pod-sandbox.ts";
import type { ClusterView, Container, Pod, Probe, Service } from "./pod-types.ts";
import type { ProcessImage } from "./process-image.ts";
import { startServiceProxy, type ServiceProxy } from "./service-proxy.ts";
import type { PodAttachment } from "../tools/pod-network.ts";

const HOST_IP = "127.0.0.1";
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 20_000];
/** How often running pods' ConfigMap, Secret and projected volumes are brought up to date (kubelet: about a minute). */
const VOLUME_REFRESH_MS = 10_000;

export interface SupervisorCluster {
  kubectl(args: readonly string[]): Promise<CommandResult>;
  readonly apiServer: { readonly host: string; readonly port: number; readonly caFile: string };
  readonly podNetwork?: {
    processPodAddress(n: number): string;
    attach(address: string): Promise<PodAttachment>;
  };
}

export interface SupervisorOptions {
  readonly cluster: SupervisorCluster;
  readonly images: readonly ProcessImage[];
  /** A folder of its own (pods' roots, volumes); removed on stop. */
  readonly folder: string;
  /** PEM CAs every pod trusts besides the machine's and the API server's (a loopback origin's). */
  readonly trustedCas?: readonly string[];
  /** Names that resolve in every pod besides the Services' (address → names). */
  readonly extraHosts?: ReadonlyMap<string, readonly string[]>;
}

export interface ProcessPod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly ready: boolean;
  readonly phase: string;
  readonly restarts: number;
  /** Why the pod is not running, when it is not: a config error or a container's last output. */
  readonly problem?: string;
}

export interface PodSupervisor {
  processPods(): readonly ProcessPod[];
  /** Everything a container of the running pod of that name wrote, as `kubectl logs` shows it ("" when none runs). */
  log(namespace: string, name: string, container: string): Promise<string>;
  /** Service ports the proxy could not open. */
  unboundServicePorts(): readonly string[];
  stop(): Promise<void>;
}

interface RunningContainer {
  readonly container: Container;
  process?: EngineProcess;
  ready: boolean;
  started?: string;
  restarts: number;
  lastExit?: { code: number | null; at: string };
  done?: boolean;
  backoffUntil?: number;
  lastOutput?: string;
  /** Readiness probes failed in a row. */
  failedProbes?: number;
}

interface TrackedPod {
  readonly pod: Pod;
  /** The pod as the API server last listed it. */
  live: Pod;
  readonly ip: string;
  readonly folder: string;
  sandbox?: PodSandbox;
  attachment?: PodAttachment;
  context?: PodContext;
  volumes?: Map<string, string>;
  initIndex: number;
  readonly init: RunningContainer[];
  readonly main: RunningContainer[];
  phase: "Pending" | "Running" | "Succeeded" | "Failed";
  problem?: string;
  startTime: string;
  lastStatus?: string;
  stopped: boolean;
  preparing?: Promise<void>;
}

export async function startPodSupervisor(options: SupervisorOptions): Promise<PodSupervisor> {
  const { cluster } = options;
  const network = cluster.podNetwork;
  if (!network) throw new Error("the pod supervisor needs a cluster with a node and its pod network");
  const images = new Map(options.images.map((image) => [image.image, image]));
  // The API server listens on the machine's loopback address; pods reach it through its Service, as in a cluster.
  const proxy: ServiceProxy = startServiceProxy(
    new Map([["default/kubernetes", { address: cluster.apiServer.host, port: cluster.apiServer.port }]]),
  );
  const pods = new Map<string, TrackedPod>();
  const imageBins = new Map<string, string>();
  let nextAddress = 0;
  // Addresses of pods that stopped, taken again only once every fresh one is used (kubelet's IPAM reuses them too).
  const releasedAddresses: string[] = [];
  const takeAddress = (): string => {
    try {
      return network.processPodAddress(nextAddress);
    } catch (exhausted) {
      const reused = releasedAddresses.shift();
      if (!reused) throw exhausted;
      return reused;
    } finally {
      nextAddress += 1;
    }
  };
  let services: readonly Service[] = [];
  let slices: ClusterView["endpointSlices"] = [];
  let podsListed: readonly Pod[] = [];
  let stopping = false;
  await mkdir(options.folder, { recursive: true });
  const apiCa = await readFile(cluster.apiServer.caFile, "utf8");

  for (const [index, image] of options.images.entries()) {
    const folder = join(options.folder, "images", String(index));
    await mkdir(folder, { recursive: true });
    for (const name of Object.keys(image.binaries))
      if (!name.startsWith("/")) await writeFile(join(folder, name), "", { mode: 0o755 });
    imageBins.set(image.image, folder);
  }

  // Tokens are renewed at 80% of their lifetime, as kubelet renews them.
  const tokens = new Map<string, { readonly token: string; readonly renewAt: number }>();
  const reader: ClusterReader = {
    async data(kind, namespace, name) {
      const read = await cluster.kubectl(["get", kind, name, "-n", namespace, "-o", "json"]);
      if (read.code !== 0) return undefined;
      const object = JSON.parse(read.stdout) as { data?: Record<string, string>; binaryData?: Record<string, string> };
      const data = object.data ?? {};
      return kind === "secret"
        ? Object.fromEntries(
            Object.entries(data).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]),
          )
        : {
            ...data,
            ...Object.fromEntries(
              Object.entries(object.binaryData ?? {}).map(([key, value]) => [
                key,
                Buffer.from(value, "base64").toString("utf8"),
              ]),
            ),
          };
    },
    async claimFolder(namespace, claim) {
      const read = await cluster.kubectl(["get", "pvc", claim, "-n", namespace, "-o", "jsonpath={.spec.volumeName}"]);
      const volume = read.code === 0 ? read.stdout.trim() : "";
      if (!volume) return undefined;
      const bound = await cluster.kubectl(["get", "pv", volume, "-o", "jsonpath={.spec.hostPath.path}"]);
      return bound.code === 0 && bound.stdout.trim() ? bound.stdout.trim() : undefined;
    },
    async token(pod, audience, expirationSeconds) {
      const seconds = Math.max(expirationSeconds ?? 3607, 600);
      const key = `${pod.metadata.uid}|${audience ?? ""}|${seconds}`;
      const cached = tokens.get(key);
      if (cached && Date.now() < cached.renewAt) return cached.token;
      const created = await cluster.kubectl([
        "create",
        "token",
        pod.spec.serviceAccountName ?? "default",
        "-n",
        pod.metadata.namespace,
        "--duration",
        `${seconds}s`,
        ...(audience ? ["--audience", audience] : []),
        "--bound-object-kind",
        "Pod",
        "--bound-object-name",
        pod.metadata.name,
        "--bound-object-uid",
        pod.metadata.uid,
      ]);
      if (created.code !== 0) throw new ContainerConfigError(`no service-account token: ${created.stderr.trim()}`);
      const token = created.stdout.trim();
      tokens.set(key, { token, renewAt: Date.now() + seconds * 800 });
      return token;
    },
  };

  // One read of the ConfigMaps and Secrets of each namespace with process pods serves every pod's refresh.
  let refreshedAt = 0;
  const refreshRunningVolumes = async () => {
    if (Date.now() - refreshedAt < VOLUME_REFRESH_MS) return;
    refreshedAt = Date.now();
    const running = [...pods.values()].filter((tracked) => !tracked.stopped && tracked.context && tracked.volumes);
    const objects = new Map<string, Record<string, string>>();
    for (const namespace of new Set(running.map((tracked) => tracked.pod.metadata.namespace))) {
      const listed = await cluster.kubectl(["get", "configmaps,secrets", "-n", namespace, "-o", "json"]);
      if (listed.code !== 0) continue;
      const items = (
        JSON.parse(listed.stdout) as {
          items: {
            kind: string;
            metadata: { name: string };
            data?: Record<string, string>;
            binaryData?: Record<string, string>;
          }[];
        }
      ).items;
      const text = (value: string) => Buffer.from(value, "base64").toString("utf8");
      for (const item of items)
        objects.set(
          `${item.kind === "Secret" ? "secret" : "configmap"}/${namespace}/${item.metadata.name}`,
          item.kind === "Secret"
            ? Object.fromEntries(Object.entries(item.data ?? {}).map(([key, value]) => [key, text(value)]))
            : {
                ...item.data,
                ...Object.fromEntries(Object.entries(item.binaryData ?? {}).map(([key, value]) => [key, text(value)])),
              },
        );
    }
    const snapshot: ClusterReader = {
      data: async (kind, namespace, name) => objects.get(`${kind}/${namespace}/${name}`),
      token: reader.token,
      claimFolder: reader.claimFolder,
    };
    for (const tracked of running) await refreshVolumes({ ...tracked.context!, reader: snapshot }, tracked.volumes!);
  };

  const headlessAddresses = (service: string, namespace: string): string[] =>
    slices
      .filter(
        (slice) =>
          slice.metadata.namespace === namespace && slice.metadata.labels?.["kubernetes.io/service-name"] === service,
      )
      .flatMap((slice) => slice.endpoints ?? [])
      .filter((endpoint) => endpoint.conditions?.ready !== false)
      .flatMap((endpoint) => endpoint.addresses)
      .sort();

  const hostsFor = (tracked: TrackedPod): Map<string, string[]> => {
    const { namespace, name: podName } = tracked.pod.metadata;
    // The pod's own name first, as kubelet writes it.
    const entries = new Map<string, string[]>([[tracked.ip, [tracked.pod.spec.hostname ?? podName]]]);
    for (const [address, names] of options.extraHosts ?? []) entries.set(address, [...names]);
    for (const service of services) {
      const ip = service.spec.clusterIP;
      if (!ip) continue;
      const { name, namespace: where } = service.metadata;
      const names = [`${name}.${where}.svc.cluster.local`, `${name}.${where}.svc`, `${name}.${where}`];
      if (where === namespace) names.push(name);
      // A headless Service's name resolves to its ready endpoints, as cluster DNS answers it (Dapr's placement).
      const addresses = ip === "None" ? headlessAddresses(name, where) : [ip];
      for (const address of addresses) entries.set(address, [...(entries.get(address) ?? []), ...names]);
    }
    // A pod with a hostname under a headless Service (a StatefulSet's) is named by it, as cluster DNS names it.
    for (const pod of podsListed) {
      const ip = pod.status?.podIP;
      const { hostname, subdomain } = pod.spec;
      if (!ip || !hostname || !subdomain) continue;
      const where = pod.metadata.namespace;
      const names = [`${hostname}.${subdomain}.${where}.svc.cluster.local`, `${hostname}.${subdomain}.${where}.svc`];
      entries.set(ip, [...(entries.get(ip) ?? []), ...names]);
    }
    return entries;
  };

  const statusOf = (tracked: TrackedPod) => {
    const now = new Date().toISOString();
    const containerStatus = (running: RunningContainer) => ({
      name: running.container.name,
      image: running.container.image,
      imageID: "",
      ready: running.ready,
      started: running.process !== undefined && running.process.child.exitCode === null,
      restartCount: running.restarts,
      state: running.done
        ? {
            terminated: {
              exitCode: running.lastExit?.code ?? 0,
              reason: "Completed",
              finishedAt: running.lastExit?.at ?? now,
            },
          }
        : running.process && running.process.child.exitCode === null
          ? { running: { startedAt: running.started ?? now } }
          : {
              waiting: {
                reason: tracked.problem
                  ? "CreateContainerConfigError"
                  : running.restarts
                    ? "CrashLoopBackOff"
                    : "ContainerCreating",
                ...(tracked.problem ? { message: tracked.problem } : {}),
              },
            },
      ...(running.lastExit && !running.done
        ? { lastState: { terminated: { exitCode: running.lastExit.code ?? 137, finishedAt: running.lastExit.at } } }
        : {}),
    });
    const initialized = tracked.initIndex >= tracked.init.length;
    const ready = initialized && tracked.main.every((running) => running.ready);
    const condition = (type: string, value: boolean) => ({
      type,
      status: value ? "True" : "False",
      lastTransitionTime: null,
    });
    return {
      phase: tracked.phase,
      hostIP: HOST_IP,
      hostIPs: [{ ip: HOST_IP }],
      podIP: tracked.ip,
      podIPs: [{ ip: tracked.ip }],
      startTime: tracked.startTime,
      conditions: [
        condition("PodScheduled", true),
        condition("Initialized", initialized),
        condition("ContainersReady", ready),
        condition("Ready", ready),
      ],
      initContainerStatuses: tracked.init.map(containerStatus),
      containerStatuses: tracked.main.map(containerStatus),
    };
  };

  const report = async (tracked: TrackedPod) => {
    const status = statusOf(tracked);
    const text = JSON.stringify(status);
    // Others write pod status too (the node lifecycle controller marks pods unready): what the API server holds is
    // compared, not only what was sent last.
    const liveReady = tracked.live.status?.conditions?.find((condition) => condition.type === "Ready")?.status;
    const wantedReady = status.conditions.find((condition) => condition.type === "Ready")?.status;
    if ((text === tracked.lastStatus && liveReady === wantedReady) || tracked.stopped) return;
    tracked.lastStatus = text;
    const { name, namespace } = tracked.pod.metadata;
    await cluster.kubectl([
      "patch",
      "pod",
      name,
      "-n",
      namespace,
      "--subresource=status",
      "--type=merge",
      "-p",
      JSON.stringify({ status }),
    ]);
  };

  const launch = async (tracked: TrackedPod, running: RunningContainer) => {
    const image = images.get(running.container.image) ?? images.get(tracked.pod.spec.containers[0]?.image ?? "");
    const bin = image ? imageBins.get(image.image) : undefined;
    if (!image || !bin || !tracked.sandbox || !tracked.context || !tracked.volumes) return;
    // The API server's Service, as kubelet tells every container.
    const kubernetes = services.find(
      (service) => service.metadata.namespace === "default" && service.metadata.name === "kubernetes",
    );
    const host = kubernetes?.spec.clusterIP ?? cluster.apiServer.host;
    const port = kubernetes ? 443 : cluster.apiServer.port;
    // Kubernetes truncates a pod name to 63 characters to make the hostname.
    const hostname = tracked.pod.spec.hostname ?? tracked.pod.metadata.name.slice(0, 63);
    const base: Record<string, string> = {
      PATH: DEFAULT_PATH,
      HOSTNAME: hostname,
      ...image.env,
      KUBERNETES_SERVICE_HOST: host,
      KUBERNETES_SERVICE_PORT: String(port),
      KUBERNETES_SERVICE_PORT_HTTPS: String(port),
      KUBERNETES_PORT: `tcp://${host}:${port}`,
    };
    const env = await containerEnvironment(tracked.context, running.container, base);
    const user = runAs(tracked.pod, running.container, image);
    const command = containerCommand(running.container, image).map((part) => expand(part, env));
    const { binary, args } = await launchCommand(tracked.sandbox, running.container, {
      command,
      workingDir: running.container.workingDir ?? image.workingDir ?? "/",
      env,
      binaries: image.binaries,
      imageBin: bin,
      volumes: tracked.volumes,
      ...(tracked.attachment ? { netns: tracked.attachment.netns } : {}),
      ...(user ? { user } : {}),
      hostname,
    });
    running.process = spawnEngine(
      `${tracked.pod.metadata.namespace}/${tracked.pod.metadata.name}/${running.container.name}`,
      binary,
      args,
      { env, group: true },
    );
    // The container's whole output, as `kubectl logs` would show it, beside its pod's sandbox.
    await mkdir(join(tracked.folder, "logs"), { recursive: true });
    const log = createWriteStream(join(tracked.folder, "logs", `${running.container.name}.log`), { flags: "a" });
    running.process.child.stdout?.pipe(log, { end: false });
    running.process.child.stderr?.pipe(log, { end: false });
    running.process.child.once("close", () => log.end());
    running.started = new Date().toISOString();
    running.ready = false;
    running.process.child.once("exit", (code) => {
      running.lastExit = { code, at: new Date().toISOString() };
      running.lastOutput = running.process?.tail(30);
      running.ready = false;
    });
  };

  const prepare = async (tracked: TrackedPod) => {
    try {
      tracked.sandbox ??= await createPodSandbox(tracked.folder, [apiCa, ...(options.trustedCas ?? [])]);
      tracked.attachment ??= await network.attach(tracked.ip);
      await tracked.sandbox.writeHosts(hostsFor(tracked));
      tracked.context = { pod: tracked.pod, podIp: tracked.ip, hostIp: HOST_IP, reader, apiCa };
      tracked.volumes = await materialiseVolumes(tracked.context, join(tracked.folder, "volumes"));
      tracked.problem = undefined;
    } catch (error) {
      tracked.problem = error instanceof Error ? error.message : String(error);
      tracked.context = undefined;
    }
  };

  const advance = async (tracked: TrackedPod) => {
    if (tracked.stopped || tracked.phase === "Succeeded" || tracked.phase === "Failed") return;
    if (!tracked.volumes) {
      tracked.preparing ??= prepare(tracked).finally(() => (tracked.preparing = undefined));
      await tracked.preparing;
      if (!tracked.volumes) return void (await report(tracked));
    }
    const restartPolicy = tracked.pod.spec.restartPolicy ?? "Always";
    const restartable = (code: number | null) =>
      restartPolicy === "Always" || (restartPolicy === "OnFailure" && code !== 0);
    const exited = (running: RunningContainer) => running.process !== undefined && hasExited(running.process.child);
    // Started again after a growing delay, as kubelet's CrashLoopBackOff.
    const restartLater = (running: RunningContainer) => {
      running.restarts += 1;
      running.backoffUntil = Date.now() + BACKOFF_MS[Math.min(running.restarts - 1, BACKOFF_MS.length - 1)]!;
      running.process = undefined;
    };
    const tryStart = async (running: RunningContainer) => {
      if (running.backoffUntil && Date.now() < running.backoffUntil) return;
      try {
        await launch(tracked, running);
        tracked.problem = undefined;
      } catch (error) {
        tracked.problem = error instanceof Error ? error.message : String(error);
        running.backoffUntil = Date.now() + 5_000;
      }
    };
    // Init containers one after the other, each to a zero exit.
    while (tracked.initIndex < tracked.init.length) {
      const running = tracked.init[tracked.initIndex]!;
      if (!running.process) {
        await tryStart(running);
        break;
      }
      if (!exited(running)) break;
      if (running.lastExit?.code === 0) {
        running.done = true;
        tracked.initIndex += 1;
        continue;
      }
      if (!restartable(running.lastExit?.code ?? null)) {
        tracked.phase = "Failed";
        break;
      }
      restartLater(running);
    }
    if (tracked.initIndex >= tracked.init.length && tracked.phase === "Pending") tracked.phase = "Running";
    if (tracked.phase === "Running") {
      for (const running of tracked.main) {
        if (running.done) continue;
        if (!running.process) {
          await tryStart(running);
          continue;
        }
        if (exited(running)) {
          if (restartable(running.lastExit?.code ?? null)) restartLater(running);
          else running.done = true;
          continue;
        }
        // Unready only after failureThreshold probes in a row fail (kubelet's default: 3), as kubelet judges it.
        const spec = running.container.readinessProbe;
        if (await probe(spec, tracked.ip, running.container)) {
          running.failedProbes = 0;
          running.ready = true;
        } else {
          running.failedProbes = (running.failedProbes ?? 0) + 1;
          if (!running.ready || running.failedProbes >= (spec?.failureThreshold ?? 3)) running.ready = false;
        }
      }
      if (tracked.main.every((running) => running.done))
        tracked.phase = tracked.main.every((running) => running.lastExit?.code === 0) ? "Succeeded" : "Failed";
    }
    await report(tracked);
  };

  const stopsUnderWay = new Set<Promise<void>>();
  const stopPod = async (tracked: TrackedPod) => {
    tracked.stopped = true;
    await Promise.all([...tracked.init, ...tracked.main].map((running) => running.process?.stop()));
    await tracked.attachment?.release();
    await rm(tracked.folder, { recursive: true, force: true });
    releasedAddresses.push(tracked.ip);
  };

  const round = async () => {
    const listed = await cluster.kubectl(["get", "pods,services,endpointslices", "-A", "-o", "json"]);
    if (listed.code !== 0) return;
    const items = (JSON.parse(listed.stdout) as { items: ({ kind: string } & Record<string, unknown>)[] }).items;
    const view: ClusterView = {
      pods: items.filter((item) => item.kind === "Pod") as unknown as Pod[],
      services: items.filter((item) => item.kind === "Service") as unknown as Service[],
      endpointSlices: items.filter((item) => item.kind === "EndpointSlice") as unknown as ClusterView["endpointSlices"],
    };
    services = view.services;
    podsListed = view.pods;
    slices = view.endpointSlices;
    await proxy.update(view);
    const present = new Set<string>();
    for (const pod of view.pods) {
      const first = pod.spec.containers[0]?.image;
      if (!pod.spec.nodeName || !first || !images.has(first)) continue;
      const key = pod.metadata.uid;
      if (pod.metadata.deletionTimestamp) continue;
      present.add(key);
      const known = pods.get(key);
      if (known) {
        known.live = pod;
        continue;
      }
      const tracked: TrackedPod = {
        pod,
        live: pod,
        ip: takeAddress(),
        // The uid too: a StatefulSet's replacement pod has the same name while the old one's folder is being removed.
        folder: join(
          options.folder,
          "pods",
          `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid.slice(0, 8)}`,
        ),
        initIndex: 0,
        init: (pod.spec.initContainers ?? []).map((container) => ({ container, ready: false, restarts: 0 })),
        main: pod.spec.containers.map((container) => ({ container, ready: false, restarts: 0 })),
        phase: "Pending",
        startTime: new Date().toISOString(),
        stopped: false,
      };
      pods.set(key, tracked);
    }
    // A pod's graceful stop can take its whole grace period; the round goes on meanwhile, so that the other pods'
    // /etc/hosts stop naming it at once, as cluster DNS does.
    for (const [key, tracked] of pods)
      if (!present.has(key) && !tracked.stopped) {
        // A failed stop leaves at most its folder behind, which stop() removes with the supervisor's own.
        const stopped: Promise<void> = stopPod(tracked)
          .catch(() => undefined)
          .finally(() => stopsUnderWay.delete(stopped));
        stopsUnderWay.add(stopped);
      }
    await Promise.all(
      [...pods.values()].map(async (tracked) => {
        if (tracked.stopped) return;
        if (tracked.sandbox) await tracked.sandbox.writeHosts(hostsFor(tracked));
        await advance(tracked);
      }),
    );
    await refreshRunningVolumes();
  };

  let loop: Promise<void> = Promise.resolve();
  const tick = async () => {
    while (!stopping) {
      await round().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  };
  loop = tick();

  return {
    // The pods that run now: one deleted (an old ReplicaSet's, a replaced replica) is no longer the node's.
    processPods: () =>
      [...pods.values()]
        .filter((tracked) => !tracked.stopped)
        .map((tracked) => {
          const crashed = [...tracked.init, ...tracked.main].find(
            (running) => running.restarts > 0 && running.lastOutput,
          );
          return {
            namespace: tracked.pod.metadata.namespace,
            name: tracked.pod.metadata.name,
            ip: tracked.ip,
            phase: tracked.phase,
            ready: tracked.main.every((running) => running.ready),
            restarts: [...tracked.init, ...tracked.main].reduce((sum, running) => sum + running.restarts, 0),
            problem:
              tracked.problem ??
              (crashed
                ? `${crashed.container.name} exited ${crashed.lastExit?.code}: ${crashed.lastOutput}`
                : undefined),
          };
        }),
    log: async (namespace, name, container) => {
      const tracked = [...pods.values()].find(
        (candidate) =>
          !candidate.stopped && candidate.pod.metadata.namespace === namespace && candidate.pod.metadata.name === name,
      );
      if (!tracked) return "";
      return readFile(join(tracked.folder, "logs", `${container}.log`), "utf8").catch(() => "");
    },
    unboundServicePorts: () => proxy.unbound(),
    async stop() {
      stopping = true;
      await loop;
      await Promise.all([...pods.values()].filter((tracked) => !tracked.stopped).map(stopPod));
      await Promise.all([...stopsUnderWay]);
      await proxy.stop();
      await rm(options.folder, { recursive: true, force: true });
    },
  };
}

/**
 * Who a container runs as, as kubelet decides it: the container's security context, then the pod's, then the image's
 * USER. A container that must not run as root and would is refused, with kubelet's reason.
 */
function runAs(pod: Pod, container: Container, image: ProcessImage): { uid: number; gid: number } | undefined {
  const context = { ...pod.spec.securityContext, ...container.securityContext };
  const uid = context.runAsUser ?? image.user?.uid;
  if (uid === undefined) return undefined;
  if (uid === 0 && context.runAsNonRoot)
    throw new ContainerConfigError("container has runAsNonRoot and image will run as root");
  return { uid, gid: context.runAsGroup ?? image.user?.gid ?? 0 };
}

/** A container's readiness probe: httpGet and tcpSocket as kubelet runs them, each bounded by its timeoutSeconds; without one (or for exec and gRPC probes, which are not run here) a running container is ready. */
function probe(spec: Probe | undefined, ip: string, container: Container): Promise<boolean> {
  if (!spec || (!spec.httpGet && !spec.tcpSocket)) return Promise.resolve(true);
  const port = (value: number | string) =>
    typeof value === "number"
      ? value
      : (container.ports?.find((candidate) => candidate.name === value)?.containerPort ?? Number(value));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ready: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ready);
    };
    const timer = setTimeout(
      () => {
        settle(false);
        cleanup();
      },
      (spec.timeoutSeconds ?? 1) * 1_000,
    );
    let cleanup = () => {};
    if (spec.tcpSocket) {
      const socket = connect({ host: ip, port: port(spec.tcpSocket.port) });
      cleanup = () => socket.destroy();
      socket.once("connect", () => {
        socket.destroy();
        settle(true);
      });
      socket.once("error", () => settle(false));
      socket.once("close", () => settle(false));
      return;
    }
    const get = spec.httpGet!;
    const request = get.scheme === "HTTPS" ? httpsRequest : httpRequest;
    const call = request(
      { host: ip, port: port(get.port), path: get.path ?? "/", method: "GET", rejectUnauthorized: false },
      (response) => {
        response.resume();
        settle((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 400);
      },
    );
    cleanup = () => call.destroy();
    call.once("error", () => settle(false));
    call.once("close", () => settle(false));
    call.end();
  });
}
