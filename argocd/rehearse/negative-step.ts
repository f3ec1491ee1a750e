// The rehearsal's negative cases: Applications that break what Trellis guarantees, handed to the live Argo CD once the
// environment is synced. Each check passes only when Argo CD itself refuses the Application with its own words
// (util/argo/argo.go, ValidatePermissions: an InvalidSpecError condition), so the rehearsal shows it can fail an
// install the way a cluster would. The Applications are removed afterwards; being invalid, they never sync anything.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandResult } from "../../lib/tools/processes.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import type { Check } from "./check.ts";
import type { DeclaredApplication } from "./environment-applications.ts";

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
  /** A declared Application with a namespaced destination, which each case alters. */
  template: DeclaredApplication,
  /** A scratch folder for the manifests applied. */
  folder: string,
  log: (line: string) => void,
): Promise<Check[]> {
  const checks: Check[] = [];
  for (const negative of CASES) {
    const name = `trellis-negative-${negative.id}`;
    log(`negative case: ${negative.what}`);
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
    checks.push({
      name: `negative:${negative.id}`,
      ok: refusal !== undefined,
      detail: refusal
        ? `${negative.what}: Argo CD refused it: ${refusal.message}`
        : `${negative.what}: Argo CD did not refuse it within 120 s`,
    });
    await kubectl(["delete", "application.argoproj.io", name, "-n", argoCdNamespace, "--wait=true", "--timeout=60s"]);
  }
  return checks;
}
