// The local cluster's storage: a provisioner for every PersistentVolumeClaim, whatever its class. Each pending claim
// gets a PersistentVolume of its size, access modes and class, reserved for it (claimRef), on a folder of this
// machine; the controller manager's volume binder binds the two, as with any static or dynamic provisioning. The
// folders go with the binder; volumes are not kept between runs.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandResult } from "../tools/processes.ts";

interface Claim {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly spec: {
    readonly accessModes?: readonly string[];
    readonly storageClassName?: string;
    readonly volumeName?: string;
    readonly volumeMode?: string;
    readonly resources?: { readonly requests?: { readonly storage?: string } };
  };
  readonly status?: { readonly phase?: string };
}

export interface ClaimBinder {
  /** Volumes made so far, "namespace/claim". */
  provisioned(): readonly string[];
  stop(): Promise<void>;
}

export function startClaimBinder(
  kubectl: (args: readonly string[]) => Promise<CommandResult>,
  folder: string,
): ClaimBinder {
  const made = new Map<string, string>();
  let stopping = false;
  const round = async () => {
    const listed = await kubectl(["get", "persistentvolumeclaims", "-A", "-o", "json"]);
    if (listed.code !== 0) return;
    for (const claim of (JSON.parse(listed.stdout) as { items: Claim[] }).items) {
      if (claim.spec.volumeName || claim.status?.phase !== "Pending" || made.has(claim.metadata.uid)) continue;
      const path = join(folder, claim.metadata.uid);
      await mkdir(path, { recursive: true });
      const volume = {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: `pvc-${claim.metadata.uid}`, labels: { "trellis.io/local-volume": "true" } },
        spec: {
          capacity: { storage: claim.spec.resources?.requests?.storage ?? "1Gi" },
          accessModes: claim.spec.accessModes ?? ["ReadWriteOnce"],
          storageClassName: claim.spec.storageClassName ?? "",
          volumeMode: claim.spec.volumeMode ?? "Filesystem",
          persistentVolumeReclaimPolicy: "Delete",
          hostPath: { path },
          claimRef: { namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
        },
      };
      const file = join(folder, `${claim.metadata.uid}.json`);
      await writeFile(file, JSON.stringify(volume));
      const created = await kubectl(["create", "-f", file]);
      if (created.code === 0 || /already exists/.test(created.stderr))
        made.set(claim.metadata.uid, `${claim.metadata.namespace}/${claim.metadata.name}`);
    }
  };
  const loop = (async () => {
    await mkdir(folder, { recursive: true });
    while (!stopping) {
      await round().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return {
    provisioned: () => [...made.values()].sort(),
    async stop() {
      stopping = true;
      await loop;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
