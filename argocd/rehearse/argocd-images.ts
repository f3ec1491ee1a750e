// The images of Argo CD's install that the rehearsal runs as processes: Argo CD's own (one binary built from its
// release source, linked under each component's name as the release image links it, with Helm and kustomize beside
// it), Redis (Debian's redis-server, which is Sentinel when called redis-sentinel) and, for the highly available
// install, HAProxy (Debian's haproxy). Dex stays simulated: nothing in a sync uses it.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { ARGOCD_COMPONENTS } from "../../lib/tools/argocd.ts";
import { ARGOCD } from "../../versions.ts";

export const ARGOCD_IMAGE = `quay.io/argoproj/argocd:${ARGOCD.version}`;
export const REDIS_IMAGE = "public.ecr.aws/docker/library/redis:8.2.3-alpine";
export const HAPROXY_IMAGE = "public.ecr.aws/docker/library/haproxy:3.0.8-alpine";

export interface ArgoCdBinaries {
  readonly argocd: string;
  readonly helm: string;
  readonly kustomize: string;
  readonly redisServer: string;
  readonly haproxy: string;
  /** The image's two scripts (writeImageScripts). */
  readonly scripts: ImageScripts;
}

export interface ImageScripts {
  readonly gpgWrapper: string;
  readonly gitVerifyWrapper: string;
}

/**
 * The release image carries two scripts from hack/, which the source archive leaves out, written here to do what
 * the repo server expects of them: gpg-wrapper.sh runs gpg, and git-verify-wrapper.sh checks a revision's signature
 * (a tag's when the revision is one, else the commit's); both report on stdout and take gpg's exit status 1 (a
 * signature that did not verify, keys not processed) as a result to read, not a failure.
 */
export async function writeImageScripts(folder: string): Promise<ImageScripts> {
  await mkdir(folder, { recursive: true });
  const write = async (name: string, lines: readonly string[]) => {
    const path = join(folder, name);
    await writeFile(path, ["#!/bin/sh", ...lines, ""].join("\n"));
    await chmod(path, 0o755);
    return path;
  };
  const reportStatus = ['printf "%s\\n" "$output"', '[ "$status" -le 1 ] || exit "$status"'];
  return {
    gpgWrapper: await write("gpg-wrapper.sh", ['output=$(gpg "$@" 2>&1); status=$?', ...reportStatus]),
    gitVerifyWrapper: await write("git-verify-wrapper.sh", [
      '[ -n "$1" ] || { echo "usage: git-verify-wrapper.sh REVISION" >&2; exit 1; }',
      'if git describe "$1" >/dev/null 2>&1; then verify=verify-tag; else verify=verify-commit; fi',
      'output=$(git "$verify" "$1" 2>&1); status=$?',
      ...reportStatus,
    ]),
  };
}

export function argoCdImages(binaries: ArgoCdBinaries): ProcessImage[] {
  return [
    {
      image: ARGOCD_IMAGE,
      binaries: {
        argocd: binaries.argocd,
        ...Object.fromEntries(ARGOCD_COMPONENTS.map((component) => [component, binaries.argocd])),
        helm: binaries.helm,
        kustomize: binaries.kustomize,
        "gpg-wrapper.sh": binaries.scripts.gpgWrapper,
        "git-verify-wrapper.sh": binaries.scripts.gitVerifyWrapper,
      },
      env: { USER: "argocd", HOME: "/home/argocd" },
      // The release's Dockerfile: USER $ARGOCD_USER_ID (999).
      user: { uid: 999, gid: 999 },
      workingDir: "/home/argocd",
    },
    {
      image: REDIS_IMAGE,
      // Redis starts as Sentinel when its program name says redis-sentinel, as the image's link does.
      binaries: { "redis-server": binaries.redisServer, "redis-sentinel": binaries.redisServer },
      // The image's entrypoint runs redis-server when the arguments are options, as the install's are.
      entrypoint: ["redis-server"],
      workingDir: "/data",
    },
    {
      image: HAPROXY_IMAGE,
      binaries: { haproxy: binaries.haproxy },
      // The image's entrypoint adds -W -db (master-worker, in the foreground) to its CMD.
      entrypoint: ["haproxy", "-W", "-db"],
      cmd: ["-f", "/usr/local/etc/haproxy/haproxy.cfg"],
      // USER haproxy in the alpine image.
      user: { uid: 99, gid: 99 },
      workingDir: "/var/lib/haproxy",
    },
  ];
}
