// What a kubelet hands a container before it starts: its environment (values, ConfigMap and Secret keys, pod
// fields, $(VAR) references) and its volumes' files (emptyDir, ConfigMap, Secret, downward API, and the projected
// service-account token the API server issues for this pod). A missing required key fails the container as
// kubelet's CreateContainerConfigError would. Like kubelet, it brings ConfigMap, Secret and projected volumes up to
// date while the pod runs (refreshVolumes), so a CA that a controller publishes later reaches the pods waiting on it.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import type { Container, KeyToPath, Pod, ProjectionSource, Volume } from "./pod-types.ts";
import { quantityValue } from "../model/quantity.ts";

export class ContainerConfigError extends Error {}

/** Reads from the cluster with the supervisor's own (admin) rights, as a kubelet reads with its node's. */
export interface ClusterReader {
  /** A ConfigMap's or Secret's data as text (Secrets decoded), or undefined when it does not exist. */
  data(kind: "configmap" | "secret", namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** The folder of the volume a PersistentVolumeClaim is bound to (claim-binder.ts), or undefined while unbound. */
  claimFolder(namespace: string, claim: string): Promise<string | undefined>;
  /** A service-account token bound to the pod (TokenRequest). */
  token(pod: Pod, audience: string | undefined, expirationSeconds: number | undefined): Promise<string>;
}

export interface PodContext {
  readonly pod: Pod;
  readonly podIp: string;
  readonly hostIp: string;
  readonly reader: ClusterReader;
  /** The CA that signed the API server's certificate; what kube-root-ca.crt holds. */
  readonly apiCa: string;
}

export async function containerEnvironment(
  context: PodContext,
  container: Container,
  base: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const env: Record<string, string> = { ...base };
  const { pod, reader } = context;
  const namespace = pod.metadata.namespace;
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const kind = source.configMapRef ? "configmap" : "secret";
    const data = await reader.data(kind, namespace, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind} "${ref.name}" not found (envFrom of container ${container.name})`);
    }
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ""}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    if (variable.valueFrom === undefined) {
      env[variable.name] = expand(variable.value ?? "", env);
      continue;
    }
    const value = await valueFrom(context, container, variable.name, variable.valueFrom);
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

async function valueFrom(
  context: PodContext,
  container: Container,
  name: string,
  from: NonNullable<NonNullable<Container["env"]>[number]["valueFrom"]>,
): Promise<string | undefined> {
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
  if (keyRef) {
    const kind = from.configMapKeyRef ? "configmap" : "secret";
    const data = await context.reader.data(kind, context.pod.metadata.namespace, keyRef.name ?? "");
    const value = data?.[keyRef.key];
    if (value === undefined && !keyRef.optional)
      throw new ContainerConfigError(
        `${kind} "${keyRef.name}" ${data ? `has no key "${keyRef.key}"` : "not found"} (variable ${name} of container ${container.name})`,
      );
    return value;
  }
  if (from.fieldRef) return podField(context, from.fieldRef.fieldPath);
  if (from.resourceFieldRef) {
    const { resource, divisor } = from.resourceFieldRef;
    const [kind, name] = resource.includes(".") ? resource.split(".") : ["limits", resource];
    const named = from.resourceFieldRef.containerName;
    const of = (named && context.pod.spec.containers.find((candidate) => candidate.name === named)) || container;
    const amounts = kind === "requests" ? of.resources?.requests : of.resources?.limits;
    // Without a limit kubelet gives the node's allocatable amount; the kwok node reports what this machine has.
    const amount = amounts?.[name!] ?? (name === "cpu" ? "2" : String(8 * 1024 ** 3));
    // As kubelet writes it: the amount in whole divisors, rounded up; a zero or absent divisor is 1.
    const by = divisor && quantityValue(divisor) > 0 ? quantityValue(divisor) : 1;
    return String(Math.ceil(Number((quantityValue(amount) / by).toPrecision(12))));
  }
  return undefined;
}

/** Kubernetes' $(VAR) references to variables defined earlier; $$ escapes, unknown references stay as written. */
export function expand(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, variable: string | undefined) =>
    variable === undefined ? "$" : Object.hasOwn(env, variable) ? (env[variable] ?? "") : match,
  );
}

function podField(context: PodContext, path: string): string {
  const { pod } = context;
  const labelOrAnnotation = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelOrAnnotation) return pod.metadata[labelOrAnnotation[1] as "labels"]?.[labelOrAnnotation[2] ?? ""] ?? "";
  const fields: Record<string, string> = {
    "metadata.name": pod.metadata.name,
    "metadata.namespace": pod.metadata.namespace,
    "metadata.uid": pod.metadata.uid,
    "spec.nodeName": pod.spec.nodeName ?? "",
    "spec.serviceAccountName": pod.spec.serviceAccountName ?? "default",
    "status.podIP": context.podIp,
    "status.podIPs": context.podIp,
    "status.hostIP": context.hostIp,
    "status.hostIPs": context.hostIp,
  };
  const value = fields[path];
  if (value === undefined) throw new ContainerConfigError(`unsupported field reference "${path}"`);
  return value;
}

/** Host paths a pod may name: under /sys, which every pod's sandbox shares with the machine. */
const SHARED_HOST_PATH = /^\/sys\//;

/** Writes every volume of the pod under `folder/<volume name>`; returns the folder of each. */
export async function materialiseVolumes(context: PodContext, folder: string): Promise<Map<string, string>> {
  const volumes = new Map<string, string>();
  for (const volume of context.pod.spec.volumes ?? []) {
    // The machine's /sys is every pod's already (Go auto-instrumentation's /sys/kernel/debug); no other host path.
    if (volume.hostPath && SHARED_HOST_PATH.test(posix.normalize(volume.hostPath.path))) {
      volumes.set(volume.name, posix.normalize(volume.hostPath.path));
      continue;
    }
    // A claim's volume outlives the pod: a StatefulSet's replacement finds its data there, as in a cluster.
    if (volume.persistentVolumeClaim) {
      const claim = volume.persistentVolumeClaim.claimName;
      const bound = await context.reader.claimFolder(context.pod.metadata.namespace, claim);
      if (!bound)
        throw new ContainerConfigError(`persistentvolumeclaim "${claim}" is not bound (volume ${volume.name})`);
      await chmod(bound, 0o1777);
      volumes.set(volume.name, bound);
      continue;
    }
    const path = join(folder, volume.name);
    await mkdir(path, { recursive: true });
    await fillVolume(context, volume, path);
    volumes.set(volume.name, path);
  }
  return volumes;
}

/**
 * Rewrites the files of the pod's ConfigMap, Secret, projected and downward API volumes that changed; a source that
 * is missing now keeps what the volume had, as kubelet keeps it.
 */
export async function refreshVolumes(context: PodContext, volumes: ReadonlyMap<string, string>): Promise<void> {
  for (const volume of context.pod.spec.volumes ?? []) {
    const path = volumes.get(volume.name);
    if (!path || volume.emptyDir !== undefined || volume.persistentVolumeClaim !== undefined || volume.hostPath)
      continue;
    await fillVolume(context, volume, path).catch(() => undefined);
  }
}

async function fillVolume(context: PodContext, volume: Volume, path: string): Promise<void> {
  const namespace = context.pod.metadata.namespace;
  if (volume.emptyDir !== undefined) {
    await chmod(path, 0o1777);
    return;
  }
  if (volume.configMap || volume.secret) {
    const kind = volume.configMap ? "configmap" : "secret";
    const source = volume.configMap ?? { name: volume.secret?.secretName ?? "", ...volume.secret };
    const data = await context.reader.data(kind, namespace, source.name);
    if (!data) {
      if (source.optional) return;
      throw new ContainerConfigError(`${kind} "${source.name}" not found (volume ${volume.name})`);
    }
    await writeKeys(path, data, source.items, `${kind} "${source.name}"`, source.optional);
    return;
  }
  if (volume.projected) {
    for (const source of volume.projected.sources) await project(context, source, path);
    return;
  }
  if (volume.downwardAPI) {
    await project(context, { downwardAPI: volume.downwardAPI }, path);
    return;
  }
  throw new ContainerConfigError(
    `volume ${volume.name} is of a type the local cluster cannot provide (${Object.keys(volume)
      .filter((key) => key !== "name")
      .join(", ")})`,
  );
}

async function project(context: PodContext, source: ProjectionSource, path: string): Promise<void> {
  const namespace = context.pod.metadata.namespace;
  if (source.serviceAccountToken) {
    const token = await context.reader.token(
      context.pod,
      source.serviceAccountToken.audience,
      source.serviceAccountToken.expirationSeconds,
    );
    await writeAt(path, source.serviceAccountToken.path, token);
  }
  if (source.configMap) {
    // kube-root-ca.crt is published by the controller manager; a pod started before it appears still gets the CA.
    const data =
      (await context.reader.data("configmap", namespace, source.configMap.name)) ??
      (source.configMap.name === "kube-root-ca.crt" ? { "ca.crt": context.apiCa } : undefined);
    if (data)
      await writeKeys(
        path,
        data,
        source.configMap.items,
        `configmap "${source.configMap.name}"`,
        source.configMap.optional,
      );
    else if (!source.configMap.optional)
      throw new ContainerConfigError(`configmap "${source.configMap.name}" not found (projected volume)`);
  }
  if (source.secret) {
    const data = await context.reader.data("secret", namespace, source.secret.name);
    if (data)
      await writeKeys(path, data, source.secret.items, `secret "${source.secret.name}"`, source.secret.optional);
    else if (!source.secret.optional)
      throw new ContainerConfigError(`secret "${source.secret.name}" not found (projected volume)`);
  }
  for (const item of source.downwardAPI?.items ?? [])
    if (item.fieldRef) await writeAt(path, item.path, podField(context, item.fieldRef.fieldPath));
}

async function writeKeys(
  folder: string,
  data: Record<string, string>,
  items: readonly KeyToPath[] | undefined,
  what: string,
  optional: boolean | undefined,
): Promise<void> {
  if (!items) {
    for (const [key, value] of Object.entries(data)) await writeAt(folder, key, value);
    return;
  }
  for (const item of items) {
    const value = data[item.key];
    if (value === undefined) {
      if (optional) continue;
      throw new ContainerConfigError(`${what} has no key "${item.key}"`);
    }
    await writeAt(folder, item.path, value);
  }
}

async function writeAt(folder: string, relative: string, content: string): Promise<void> {
  const path = join(folder, relative);
  if ((await readFile(path, "utf8").catch(() => undefined)) === content) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}
