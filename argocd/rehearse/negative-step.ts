// The rehearsal's negative cases: Applications that break what Trellis guarantees, handed to the live Argo CD once the
// environment is synced. Each check passes only when Argo CD itself refuses the Application with its own words
// (util/argo/argo.go, ValidatePermissions: an InvalidSpecError condition), so the rehearsal shows it can fail an
// install the way a cluster would. The Applications are removed afterwards; being invalid, they never sync anything.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { join } from "node:path";
import type { CommandResult } from "../../lib/tools/processes.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import type { Check } from "./check.ts";
import type { DeclaredApplication } from "./environment-applications.ts";
import { destinationOf, isDestinationPermitted } from "../project-permissions.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;
type Destination = NonNullable<NonNullable<DeclaredApplication["spec"]>["destination"]>;

interface NegativeCase {
  readonly id: string;
  readonly what: string;
  readonly destination: (declared: Destination) => Record<string, string>;
}

const CASES: readonly NegativeCase[] = [
  {
    id: "application-destination-namespace",
    what: "an Application without destination.namespace",
    destination: ({ server }) => ({ ...(server ? { server } : {}) }),
  },
  {
    id: "project-destination-denied",
    what: "an Application whose destination the AppProject does not allow (kube-system)",
    destination: ({ server }) => ({ ...(server ? { server } : {}), namespace: "kube-system" }),
  },
];

/** Argo CD's refusal of a destination its project does not allow. */
const REFUSAL = /do not match any of the allowed destinations in project/;

export async function rehearseNegativeCases(
  kubectl: Kubectl,
  argoCdNamespace: string,
  /** The Applications the environment declares (which Argo CD synced); the first with a namespace is altered. */
  declared: readonly DeclaredApplication[],
  /** A scratch folder for the manifests applied. */
  folder: string,
  log: (line: string) => void,
): Promise<Check[]> {
  const checks: Check[] = [];
  const refusedByEngine = new Map<string, { application: object; refused: boolean }>();
  for (const negative of CASES) {
    const name = `trellis-negative-${negative.id}`;
    log(`negative case: ${negative.what}`);
    const template = declared.find((candidate) => candidate.spec?.destination?.namespace);
    if (!template)
      return [{ name: `negative:${negative.id}`, ok: false, detail: "no Application with a namespace to alter" }];
    const application = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name, namespace: argoCdNamespace },
      spec: { ...template.spec, destination: negative.destination(template.spec?.destination ?? {}), syncPolicy: {} },
    };
    const file = join(folder, `${name}.json`);
    await writeFile(file, JSON.stringify(application));
    const applied = await kubectl(["apply", "-f", file]);
    if (applied.code !== 0) {
      checks.push({ name: `negative:${negative.id}`, ok: false, detail: `cannot create it: ${applied.stderr.trim()}` });
      continue;
    }
    const refusal = await waitFor(
      `Argo CD refuses ${name}`,
      async () => {
        const read = await kubectl(["get", "application.argoproj.io", name, "-n", argoCdNamespace, "-o", "json"]);
        if (read.code !== 0) return undefined;
        const conditions =
          (JSON.parse(read.stdout) as { status?: { conditions?: { type: string; message: string }[] } }).status
            ?.conditions ?? [];
        return conditions.find((condition) => condition.type === "InvalidSpecError" && REFUSAL.test(condition.message));
      },
      { deadlineMs: 120_000, intervalMs: 1_000 },
    ).catch(() => undefined);
    refusedByEngine.set(name, { application, refused: refusal !== undefined });
    checks.push({
      name: `negative:${negative.id}`,
      ok: refusal !== undefined,
      detail: refusal
        ? `${negative.what}: Argo CD refused it: ${refusal.message}`
        : `${negative.what}: Argo CD did not refuse it within 120 s`,
    });
    await kubectl(["delete", "application.argoproj.io", name, "-n", argoCdNamespace, "--wait=true", "--timeout=60s"]);
  }
  checks.push(await destinationModelCheck(kubectl, argoCdNamespace, declared, refusedByEngine));
  return checks;
}

/**
 * The destination model the project-permissions gate runs without a cluster (argocd/project-permissions.ts) agrees
 * with Argo CD on every Application here: those it synced are permitted, the negative cases it refused are not.
 */
async function destinationModelCheck(
  kubectl: Kubectl,
  argoCdNamespace: string,
  declared: readonly DeclaredApplication[],
  negatives: ReadonlyMap<string, { application: object; refused: boolean }>,
): Promise<Check> {
  const disagreements: string[] = [];
  const projects = new Map<string, { namespace?: string; server?: string; name?: string }[] | undefined>();
  const destinations = async (project: string) => {
    if (!projects.has(project)) {
      const read = await kubectl(["get", "appproject.argoproj.io", project, "-n", argoCdNamespace, "-o", "json"]);
      projects.set(project, read.code === 0 ? (JSON.parse(read.stdout).spec?.destinations ?? []) : undefined);
    }
    return projects.get(project);
  };
  const judge = async (name: string, application: { spec?: { project?: string } }, refused: boolean) => {
    const allowed = await destinations(application.spec?.project ?? "");
    if (!allowed) return void disagreements.push(`${name}: project ${application.spec?.project} not found`);
    const permitted = isDestinationPermitted(allowed, destinationOf(application));
    if (permitted === refused)
      disagreements.push(
        `${name}: the model says ${permitted ? "permitted" : "refused"}, Argo CD ${refused ? "refused" : "synced"} it`,
      );
  };
  for (const application of declared) await judge(application.metadata.name, application, false);
  for (const [name, { application, refused }] of negatives) await judge(name, application, refused);
  return {
    name: "model:project-destinations",
    ok: disagreements.length === 0,
    detail: disagreements.length
      ? disagreements.join("; ")
      : `the project-permissions model agrees with Argo CD on ${declared.length + negatives.size} Applications (${negatives.size} refused)`,
  };
}

/**
 * An upgrade the API server refuses: the next commit changes a Deployment's selector (and its pod labels with it), a
 * field Kubernetes keeps immutable. Argo CD must refuse it with the API server's words ("field is immutable"): with
 * server-side diff already when it compares (a ComparisonError, so no sync starts), else when the sync applies;
 * the running workload stays as it was. An operation still retrying is then ended.
 */
export async function rehearseRefusedUpgrade(
  kubectl: Kubectl,
  argoCdNamespace: string,
  environment: string,
  advance: (edit: (deploy: string) => Promise<void>) => Promise<string>,
  log: (line: string) => void,
): Promise<Check> {
  const name = "negative:immutable-selector";
  let target: { layer: string; file: string } | undefined;
  const commit = await advance(async (deploy) => {
    const folder = join(deploy, environment);
    for (const layer of (await readdir(folder)).sort()) {
      if (layer === "argocd") continue;
      const file = (await readdir(join(folder, layer))).sort().find((entry) => entry.startsWith("deployment-"));
      if (!file) continue;
      const path = join(folder, layer, file);
      const document = parseDocument(await readFile(path, "utf8"));
      document.setIn(["spec", "selector", "matchLabels", "trellis.io/rehearsal"], "immutable");
      document.setIn(["spec", "template", "metadata", "labels", "trellis.io/rehearsal"], "immutable");
      await writeFile(path, document.toString());
      target = { layer, file };
      return;
    }
  });
  if (!target) return { name, ok: false, detail: `no Deployment under deploy/${environment} to change` };
  const application = `${environment}-${target.layer}`;
  log(`negative case: ${target.file}'s selector changed in commit ${commit.slice(0, 12)}, synced by ${application}`);
  await kubectl([
    "annotate",
    "application.argoproj.io",
    application,
    "-n",
    argoCdNamespace,
    "--overwrite",
    "argocd.argoproj.io/refresh=hard",
  ]);
  const refusal = await waitFor(
    `Argo CD reports the API server's refusal for ${application}`,
    async () => {
      const read = await kubectl(["get", "application.argoproj.io", application, "-n", argoCdNamespace, "-o", "json"]);
      if (read.code !== 0) return undefined;
      const status = (
        JSON.parse(read.stdout) as {
          status?: {
            conditions?: { message?: string }[];
            operationState?: { message?: string; syncResult?: { resources?: { message?: string }[] } };
          };
        }
      ).status;
      // With server-side diff (argocd-settings.ts) the refusal comes at comparison, as a ComparisonError; without,
      // from the sync's apply.
      const messages = [
        ...(status?.conditions ?? []).map((condition) => condition.message),
        status?.operationState?.message,
        ...(status?.operationState?.syncResult?.resources ?? []).map((resource) => resource.message),
      ];
      return messages.find((message) => message && /field is immutable/.test(message));
    },
    { deadlineMs: 180_000, intervalMs: 2_000 },
  ).catch(() => undefined);
  // Ends the retrying operation, as `argocd app terminate-op` does.
  await kubectl([
    "patch",
    "application.argoproj.io",
    application,
    "-n",
    argoCdNamespace,
    "--type",
    "merge",
    "-p",
    JSON.stringify({ status: { operationState: { phase: "Terminating" } } }),
  ]);
  return {
    name,
    ok: refusal !== undefined,
    detail: refusal
      ? `a changed Deployment selector in ${target.layer}/${target.file}: Argo CD refused it in the API server's words: ${refusal.length > 400 ? `…${refusal.slice(-400)}` : refusal}`
      : `a changed Deployment selector in ${target.layer}/${target.file}: Argo CD did not report the API server's refusal within 180 s`,
  };
}
