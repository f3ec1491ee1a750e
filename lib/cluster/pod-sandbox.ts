// The file system a pod's processes see, built without a container runtime: a folder that becomes their root
// (chroot) inside private mount, PID and UTS namespaces (unshare), in the pod's own network namespace
// (pod-network.ts). The machine's /usr, /dev, /proc, /sys and /etc/alternatives are bound in; the image's binaries
// are bound at /usr/local/bin; each volume is bound at its mount path; /etc is the pod's own, with an /etc/hosts that
// names the cluster's Services and a CA bundle that trusts the cluster's own CAs. The mounts exist only in the
// process's namespace: they vanish with it and never touch the machine's tree. Needs root.
import { copyFile, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { ProcessImage } from "./process-image.ts";
import type { Container } from "./pod-types.ts";

/** Folders of the machine every pod sees, read from the machine itself (/proc is the pod's own). */
const SYSTEM_FOLDERS = ["usr", "dev", "sys"];
const SYSTEM_LINKS: Readonly<Record<string, string>> = {
  bin: "usr/bin",
  lib: "usr/lib",
  lib64: "usr/lib64",
  sbin: "usr/sbin",
};
/** Mount paths a volume may not take: they are the machine's own. */
const RESERVED = /^\/(usr|dev|proc|sys)(\/|$)/;
/** Where images keep their own configuration (HAProxy's); a pod that mounts a volume there gets an empty one. */
const IMAGE_CONFIG = "/usr/local/etc";
const underImageConfig = (path: string) => path === IMAGE_CONFIG || path.startsWith(`${IMAGE_CONFIG}/`);

export interface PodSandbox {
  /** The folder that is the processes' root. */
  readonly root: string;
  /** Rewrites /etc/hosts, as Services come and go. */
  writeHosts(entries: ReadonlyMap<string, readonly string[]>): Promise<void>;
}

export async function createPodSandbox(folder: string, trustedCas: readonly string[]): Promise<PodSandbox> {
  const root = join(folder, "root");
  for (const name of [...SYSTEM_FOLDERS, "proc"]) await mkdir(join(root, name), { recursive: true });
  for (const [name, target] of Object.entries(SYSTEM_LINKS)) await symlink(target, join(root, name));
  await mkdir(join(root, "tmp"), { recursive: true, mode: 0o1777 });
  await mkdir(join(root, "etc", "ssl", "certs"), { recursive: true });
  for (const file of ["passwd", "group", "services", "protocols"])
    await copyFile(join("/etc", file), join(root, "etc", file)).catch(() => undefined);
  await writeFile(join(root, "etc", "nsswitch.conf"), "hosts: files\npasswd: files\ngroup: files\n");
  // No DNS server runs; names resolve through /etc/hosts only.
  await writeFile(join(root, "etc", "resolv.conf"), "");
  const bundle = await readFile("/etc/ssl/certs/ca-certificates.crt", "utf8").catch(() => "");
  await writeFile(join(root, "etc", "ssl", "certs", "ca-certificates.crt"), [bundle, ...trustedCas].join("\n"));
  let written: string | undefined;
  const sandbox: PodSandbox = {
    root,
    // Asked every round of the supervisor; the file is written only when the Services changed.
    writeHosts: async (entries) => {
      const lines = ["127.0.0.1 localhost", ...[...entries].map(([address, names]) => `${address} ${names.join(" ")}`)];
      const text = `${lines.join("\n")}\n`;
      if (text === written) return;
      await writeFile(join(root, "etc", "hosts"), text);
      written = text;
    },
  };
  await sandbox.writeHosts(new Map());
  return sandbox;
}

export interface ContainerLaunch {
  readonly command: readonly string[];
  readonly workingDir: string;
  readonly env: Readonly<Record<string, string>>;
  /** The image's binaries by name, each bound at /usr/local/bin/<name>, or at the path itself for an absolute name. */
  readonly binaries: Readonly<Record<string, string>>;
  /** An empty folder with a placeholder file per binary, bound at /usr/local/bin. */
  readonly imageBin: string;
  /** Each volume's folder on this machine, by name. */
  readonly volumes: ReadonlyMap<string, string>;
  /** The pod's network namespace (`/proc/<pid>/ns/net`); the machine's own for a host-network pod. */
  readonly netns?: string;
  /** Who the command runs as; root without it. */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** The pod's hostname (its spec.hostname, else its name), which the container sees as the machine's. */
  readonly hostname: string;
}

/** The command line (unshare, a shell that mounts, chroot) that runs one container in the pod's sandbox. */
export async function launchCommand(
  sandbox: PodSandbox,
  container: Container,
  launch: ContainerLaunch,
): Promise<{ readonly binary: string; readonly args: readonly string[] }> {
  const { root } = sandbox;
  const mounts: string[] = [];
  // Mount points are made inside the namespace, just before their mount: one may lie inside an earlier volume.
  const bind = (source: string, target: string, options: { file?: boolean; readOnly?: boolean } = {}) => {
    const path = quote(join(root, target));
    mounts.push(options.file ? `mkdir -p "$(dirname ${path})" && touch ${path}` : `mkdir -p ${path}`);
    mounts.push(`mount --bind ${quote(source)} ${path}`);
    if (options.readOnly) mounts.push(`mount -o remount,bind,ro ${path}`);
  };
  for (const name of SYSTEM_FOLDERS) mounts.push(`mount --rbind /${name} ${quote(join(root, name))}`);
  mounts.push(`mount -t proc proc ${quote(join(root, "proc"))}`);
  // /usr/bin names some commands (awk) through /etc/alternatives, which the pod's own /etc would lack.
  bind("/etc/alternatives", "/etc/alternatives", { readOnly: true });
  mounts.push(`mount --bind ${quote(launch.imageBin)} ${quote(join(root, "usr/local/bin"))}`);
  for (const [name, path] of Object.entries(launch.binaries))
    if (name.startsWith("/")) bind(path, name, { file: !(await stat(path)).isDirectory(), readOnly: true });
    else mounts.push(`mount --bind ${quote(path)} ${quote(join(root, "usr/local/bin", name))}`);
  // The machine's own /usr/local/etc is hidden, not written to, when a volume goes there.
  if ((container.volumeMounts ?? []).some((mount) => underImageConfig(posix.normalize(mount.mountPath))))
    mounts.push(`mount -t tmpfs -o size=1m,mode=755 tmpfs ${quote(join(root, IMAGE_CONFIG))}`);
  // Shallower mount paths first, as container runtimes order them.
  const depth = (path: string) => posix.normalize(path).split("/").filter(Boolean).length;
  for (const mount of [...(container.volumeMounts ?? [])].sort((a, b) => depth(a.mountPath) - depth(b.mountPath))) {
    const source = launch.volumes.get(mount.name);
    if (!source)
      throw new Error(`container ${container.name} mounts volume "${mount.name}", which the pod does not declare`);
    // A host path of the machine's own folders at its own place is there already.
    if (source === posix.normalize(mount.mountPath) && RESERVED.test(source)) continue;
    const target = posix.normalize(mount.mountPath);
    if (RESERVED.test(target) && !underImageConfig(target))
      throw new Error(
        `container ${container.name} mounts a volume at ${mount.mountPath}, a folder the local cluster shares with the machine`,
      );
    const from = mount.subPath ? join(source, mount.subPath) : source;
    const isFile = mount.subPath
      ? await readFile(from).then(
          () => true,
          () => false,
        )
      : false;
    bind(from, mount.mountPath, { file: isFile, readOnly: mount.readOnly });
  }
  const script = [
    "set -e",
    // Its own UTS namespace: StatefulSet pods find their ordinal in their hostname, as Redis HA's init script does.
    `printf %s ${quote(launch.hostname)} > /proc/sys/kernel/hostname`,
    ...mounts,
    `mkdir -p ${quote(join(root, launch.workingDir))}`,
    // The image's own working folder belongs to the user it runs as (Argo CD's /home/argocd).
    ...(launch.user && posix.normalize(launch.workingDir) !== "/"
      ? [`chown ${launch.user.uid}:${launch.user.gid} ${quote(join(root, launch.workingDir))}`]
      : []),
    `exec chroot ${launch.user ? `--userspec=${launch.user.uid}:${launch.user.gid} ` : ""}${quote(root)} /bin/sh -c 'cd "$0" && exec "$@"' ${[launch.workingDir, ...launch.command].map(quote).join(" ")}`,
  ].join("\n");
  // Its own PID namespace, so the container's processes all end with it; setpriv's parent-death signal ends it if
  // whoever started it dies, however (--kill-child then takes the namespace down).
  const contained = [
    "setpriv",
    "--pdeathsig",
    "KILL",
    "unshare",
    "--fork",
    "--kill-child=SIGKILL",
    "--pid",
    "--mount",
    "--uts",
    "--propagation",
    "private",
    "/bin/sh",
    "-c",
    script,
  ];
  // nsenter joins the pod's network namespace and then runs setpriv in its place (no fork for a network namespace).
  const [binary, ...args] = launch.netns ? ["nsenter", `--net=${launch.netns}`, ...contained] : contained;
  return { binary: binary!, args };
}

export function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The command a container runs: its own command and args, or the image's entrypoint and CMD where it names none. */
export function containerCommand(container: Container, image: ProcessImage): string[] {
  const entrypoint = container.command ?? image.entrypoint ?? [];
  const args = container.args ?? (container.command ? [] : (image.cmd ?? []));
  return [...entrypoint, ...args];
}
