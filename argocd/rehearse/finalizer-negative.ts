// `negative:appset-template-finalizer`: what Trellis's ApplicationSet template must not carry, shown with the real
// engines. An ApplicationSet whose template gives its Applications Argo CD's resources finalizer syncs a probe
// ConfigMap; deleting the ApplicationSet must then delete that ConfigMap (the ApplicationSet controller's
// Applications are owned by it, the garbage collector deletes them, and Argo CD's finalizer deletes what they
// synced). The check passes when the engines do cascade, proving the hazard the `appset-deletion` check guards
// against is real and that the rehearsal would see it; Trellis's own template carries no finalizer.
import type { CommandResult } from "../../lib/tools/processes.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Check } from "./check.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

const NAME = "negative:appset-template-finalizer";
const PROBE = "trellis-rehearsal-finalizer-probe";
const APPLICATION_SET = "trellis-rehearsal-finalizer";
const FOLDER = "rehearsal-finalizer";

export interface ProbeCaseOptions {
  readonly argoCdNamespace: string;
  readonly environment: string;
  readonly project: string;
  readonly repoURL: string;
  readonly revision: string;
  /** A namespace of the environment the project lets Applications sync to. */
  readonly namespace: string;
  /** Serves the working tree's deploy/ as the next commit, changed by `edit`; returns the commit. */
  readonly advance: (edit: (deploy: string) => Promise<void>) => Promise<string>;
  /** Where the manifests applied are written. */
  readonly folder: string;
  /** How long Argo CD may take to act on a probe (180 s unless said). */
  readonly deadlineMs?: number;
  readonly log: (line: string) => void;
}

export async function rehearseFinalizerCascade(kubectl: Kubectl, options: ProbeCaseOptions): Promise<Check> {
  const path = `deploy/${options.environment}/${FOLDER}`;
  await options.advance(async (deploy) => {
    const folder = join(deploy, options.environment, FOLDER);
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, `configmap-${PROBE}.yaml`),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${PROBE}\n  namespace: ${options.namespace}\ndata:\n  probe: "the finalizer negative case"\n`,
    );
  });
  options.log(`negative case: an ApplicationSet whose template carries the resources finalizer syncs ${path}`);
  const applicationSet = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: APPLICATION_SET, namespace: options.argoCdNamespace },
    spec: {
      goTemplate: true,
      generators: [{ list: { elements: [{ name: PROBE }] } }],
      template: {
        metadata: { name: "{{.name}}", finalizers: ["resources-finalizer.argocd.argoproj.io"] },
        spec: {
          project: options.project,
          source: { repoURL: options.repoURL, targetRevision: options.revision, path },
          destination: { server: "https://kubernetes.default.svc", namespace: options.namespace },
          syncPolicy: { automated: {} },
        },
      },
    },
  };
  const file = join(options.folder, `${APPLICATION_SET}.json`);
  await writeFile(file, JSON.stringify(applicationSet));
  const applied = await kubectl(["apply", "-f", file]);
  if (applied.code !== 0) return { name: NAME, ok: false, detail: `cannot create it: ${applied.stderr.trim()}` };
  const probe = ["get", "configmap", PROBE, "-n", options.namespace, "-o", "name"];
  const deleteApplicationSet = (flag: string) =>
    kubectl(["delete", "applicationset.argoproj.io", APPLICATION_SET, "-n", options.argoCdNamespace, flag]);
  try {
    const synced = await waitFor(
      `Argo CD syncs ${PROBE}`,
      async () => ((await kubectl(probe)).code === 0 ? true : undefined),
      { deadlineMs: options.deadlineMs ?? 180_000, intervalMs: 2_000 },
    ).catch(() => false);
    if (!synced)
      return {
        name: NAME,
        ok: false,
        detail: `the ApplicationSet's Application did not sync ${PROBE} in time, so the cascade could not be shown`,
      };
    options.log(`negative case: deleting ${APPLICATION_SET}; its Application's finalizer must delete ${PROBE}`);
    await deleteApplicationSet("--wait=false");
    const gone = await waitFor(
      `${PROBE} deleted with the ApplicationSet`,
      async () => {
        const read = await kubectl(probe);
        return read.code !== 0 && /NotFound/.test(read.stderr) ? true : undefined;
      },
      { deadlineMs: options.deadlineMs ?? 180_000, intervalMs: 2_000 },
    ).catch(() => false);
    return {
      name: NAME,
      ok: gone,
      detail: gone
        ? `deleting an ApplicationSet whose template carries resources-finalizer.argocd.argoproj.io deleted the ConfigMap its Application synced (${options.namespace}/${PROBE}): the cascade Trellis's template leaves out is real`
        : `${options.namespace}/${PROBE} was still there long after its ApplicationSet was deleted: the engines did not cascade as expected`,
    };
  } finally {
    await deleteApplicationSet("--ignore-not-found");
    await kubectl(["delete", "configmap", PROBE, "-n", options.namespace, "--ignore-not-found"]);
  }
}
