// `negative:project-kind-denied`: a cluster-scoped kind the AppProject does not whitelist, shown with the real Argo CD.
// The next commit adds a folder with one PriorityClass; an Application of the environment's project that syncs it
// must fail with Argo CD's own words ("resource scheduling.k8s.io:PriorityClass is not permitted in project ...",
// controller/sync.go validateSyncPermissions), and the PriorityClass must not reach the cluster.
// `model:project-kinds` then runs the kind model of the project-permissions gate (argocd/project-permissions.ts) over
// what Argo CD did: every resource it synced for the environment's Applications is permitted, the probe is not.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandResult } from "../../lib/tools/processes.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { isKindPermitted } from "../project-permissions.ts";
import type { Check } from "./check.ts";
import type { ProbeCaseOptions } from "./finalizer-negative.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

const NAME = "negative:project-kind-denied";
const PROBE = "trellis-rehearsal-denied-kind";
const APPLICATION = "trellis-negative-project-kind-denied";
const FOLDER = "rehearsal-denied-kind";
const PROBE_KIND = { group: "scheduling.k8s.io", kind: "PriorityClass", name: PROBE, namespaced: false } as const;
/** Argo CD's refusal of a kind its project does not permit. */
const REFUSAL = /is not permitted in project/;

interface SyncedResource {
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

interface LiveApplication {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly project?: string };
  readonly status?: {
    readonly resources?: readonly SyncedResource[];
    readonly operationState?: {
      readonly phase?: string;
      readonly message?: string;
      readonly syncResult?: { readonly resources?: readonly (SyncedResource & { message?: string })[] };
    };
  };
}

export async function rehearseDeniedKind(kubectl: Kubectl, options: ProbeCaseOptions): Promise<Check[]> {
  const path = `deploy/${options.environment}/${FOLDER}`;
  await options.advance(async (deploy) => {
    const folder = join(deploy, options.environment, FOLDER);
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, `priorityclass-${PROBE}.yaml`),
      `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: ${PROBE}\nvalue: 1000\n`,
    );
  });
  options.log(`negative case: an Application of ${options.project} syncs a PriorityClass from ${path}`);
  const application = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: APPLICATION, namespace: options.argoCdNamespace },
    spec: {
      project: options.project,
      source: { repoURL: options.repoURL, targetRevision: options.revision, path },
      destination: { server: "https://kubernetes.default.svc", namespace: options.namespace },
      syncPolicy: { automated: {} },
    },
  };
  const file = join(options.folder, `${APPLICATION}.json`);
  await writeFile(file, JSON.stringify(application));
  const applied = await kubectl(["apply", "-f", file]);
  if (applied.code !== 0) return [{ name: NAME, ok: false, detail: `cannot create it: ${applied.stderr.trim()}` }];
  try {
    const refusal = await waitFor(
      `Argo CD refuses ${APPLICATION}'s PriorityClass`,
      async () => {
        const read = await kubectl([
          "get",
          "application.argoproj.io",
          APPLICATION,
          "-n",
          options.argoCdNamespace,
          "-o",
          "json",
        ]);
        if (read.code !== 0) return undefined;
        const operation = (JSON.parse(read.stdout) as LiveApplication).status?.operationState;
        const refused = operation?.syncResult?.resources?.find((resource) => REFUSAL.test(resource.message ?? ""));
        return refused?.message ?? (REFUSAL.test(operation?.message ?? "") ? operation?.message : undefined);
      },
      { deadlineMs: options.deadlineMs ?? 180_000, intervalMs: 2_000 },
    ).catch(() => undefined);
    const reached = (await kubectl(["get", "priorityclass", PROBE, "-o", "name"])).code === 0;
    const negative: Check = {
      name: NAME,
      ok: refusal !== undefined && !reached,
      detail: refusal
        ? `a PriorityClass, which ${options.project} does not whitelist: Argo CD refused it: ${refusal}${reached ? "; yet it reached the cluster" : ""}`
        : `Argo CD did not refuse a PriorityClass ${options.project} does not whitelist in time${reached ? "; it reached the cluster" : ""}`,
    };
    return [negative, await kindModelCheck(kubectl, options, refusal !== undefined)];
  } finally {
    await kubectl([
      "delete",
      "application.argoproj.io",
      APPLICATION,
      "-n",
      options.argoCdNamespace,
      "--ignore-not-found",
    ]);
    await kubectl(["delete", "priorityclass", PROBE, "--ignore-not-found"]);
  }
}

/** The gate's kind model against Argo CD: every resource it synced for the project's Applications, and the probe. */
async function kindModelCheck(kubectl: Kubectl, options: ProbeCaseOptions, probeRefused: boolean): Promise<Check> {
  const name = "model:project-kinds";
  const project = await kubectl([
    "get",
    "appproject.argoproj.io",
    options.project,
    "-n",
    options.argoCdNamespace,
    "-o",
    "json",
  ]);
  const listed = await kubectl(["get", "application.argoproj.io", "-n", options.argoCdNamespace, "-o", "json"]);
  if (project.code !== 0 || listed.code !== 0)
    return {
      name,
      ok: false,
      detail: `cannot read the project or the Applications: ${project.stderr}${listed.stderr}`.trim(),
    };
  const spec = (JSON.parse(project.stdout) as { spec?: Record<string, unknown> }).spec ?? {};
  const synced = (JSON.parse(listed.stdout) as { items: LiveApplication[] }).items
    .filter((item) => item.spec?.project === options.project && item.metadata.name !== APPLICATION)
    .flatMap((item) => item.status?.resources ?? []);
  const disagreements = synced
    .filter(
      (resource) =>
        !isKindPermitted(spec, {
          group: resource.group ?? "",
          kind: resource.kind,
          name: resource.name,
          namespaced: Boolean(resource.namespace),
        }),
    )
    .map(
      (resource) =>
        `${resource.group || "core"}/${resource.kind} ${resource.name}: Argo CD synced it, the model refuses it`,
    );
  if (isKindPermitted(spec, PROBE_KIND) === probeRefused)
    disagreements.push(
      `${PROBE_KIND.group}/${PROBE_KIND.kind}: the model says ${probeRefused ? "permitted" : "refused"}, Argo CD ${probeRefused ? "refused" : "did not refuse"} it`,
    );
  return {
    name,
    ok: disagreements.length === 0 && synced.length > 0,
    detail: disagreements.length
      ? disagreements.join("; ")
      : synced.length === 0
        ? "Argo CD reported no synced resource to judge"
        : `the project-permissions kind model agrees with Argo CD on ${synced.length} synced resources and the refused PriorityClass`,
  };
}
