// `trellis check`: the policy rules over any folders of Kubernetes YAML, or over every environment in deploy/.
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PROFILES, type Profile } from "../../policies/rule.ts";
import { runChecks, type CheckResult } from "../../policies/run.ts";
import { InputError, loadManifests, manifestRoot, type LoadedSet } from "../manifests/load.ts";
import { DELIVERY_FOLDER } from "../model/layers.ts";
import { jsonReport } from "../report/json-report.ts";
import { markdownReport } from "../report/markdown-report.ts";
import { sarifReport } from "../report/sarif-report.ts";
import { summarize } from "../report/summary.ts";
import { textReport } from "../report/text-report.ts";
import { TRELLIS_VERSION } from "../version.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";

const FORMATS = ["text", "json", "sarif", "markdown"] as const;
type Format = (typeof FORMATS)[number];

export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    profile: { type: "string" },
    format: { type: "string", default: "text" },
    root: { type: "string" },
    "with-charts": { type: "boolean", default: false },
  });
  const format = values.format as Format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
  if (values.profile !== undefined && !(PROFILES as readonly string[]).includes(values.profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}, not "${values.profile}"`);
  const given = values.profile as Profile | undefined;

  let results: CheckResult[];
  try {
    if (values["with-charts"]) {
      if (positionals.length > 0) throw new UsageError("--with-charts checks the environments' inventories; give no paths");
      results = await checkInventories(resolve(values.root ?? "."), given, io);
    } else if (positionals.length > 0) {
      // The strictest profile unless told otherwise: a folder of unknown origin may be bound for prod.
      const paths = positionals.map((path) => resolve(path));
      const loaded = await loadManifests(paths, await manifestRoot(paths, values.root));
      refuseEmpty(loaded, positionals.join(", "));
      results = [runChecks(loaded, given ?? "prod")];
    } else {
      results = await checkDeploy(resolve(values.root ?? "."), given);
    }
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`trellis check: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const report = format === "json" ? jsonReport(results) : format === "sarif" ? sarifReport(results, TRELLIS_VERSION) : format === "markdown" ? markdownReport(results) : textReport(results);
  io.out(report.trimEnd());
  return summarize(results).errors > 0 ? 1 : 0;
}

/** Nothing to check is an input problem, not a pass. */
function refuseEmpty(loaded: LoadedSet, where: string): void {
  if (loaded.objects.length > 0) return;
  const seen = loaded.files === 0 ? "no .yaml or .yml file" : `${loaded.files} file(s) but no Kubernetes object`;
  throw new InputError(`nothing was checked: ${seen} in ${where}`);
}

/** Every deploy/<env>/ with the shared deploy/argocd/, each with its environment's profile (prod for unknown names). */
async function checkDeploy(root: string, given: Profile | undefined): Promise<CheckResult[]> {
  const deploy = join(root, "deploy");
  let entries;
  try {
    entries = await readdir(deploy, { withFileTypes: true });
  } catch {
    throw new InputError(`${deploy}: no such folder; run npm run synth, or give paths to check`);
  }
  const environments = entries.filter((entry) => entry.isDirectory() && entry.name !== DELIVERY_FOLDER && !entry.name.startsWith(".")).map((entry) => entry.name).sort();
  const shared = entries.some((entry) => entry.isDirectory() && entry.name === DELIVERY_FOLDER) ? [join(deploy, DELIVERY_FOLDER)] : [];
  const results: CheckResult[] = [];
  for (const environment of environments) {
    const profile = given ?? ((PROFILES as readonly string[]).includes(environment) ? (environment as Profile) : "prod");
    const loaded = await loadManifests([join(deploy, environment), ...shared], await manifestRoot([deploy], root));
    refuseEmpty(loaded, join(deploy, environment));
    results.push(runChecks(loaded, profile));
  }
  return results;
}

/** Every rule over each environment's inventory: Trellis's objects and every chart's rendered output. */
async function checkInventories(root: string, given: Profile | undefined, io: Io): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  // Loaded here only: it renders the declarations and runs Helm.
  const { environmentInventories } = await import("../inventory/environment-inventory.ts");
  for (const inventory of await environmentInventories(root, [], io.err)) {
    const profile = given ?? ((PROFILES as readonly string[]).includes(inventory.environment) ? (inventory.environment as Profile) : "prod");
    const objects = inventory.objects.map((item) => ({
      file: item.origin === "trellis" ? item.source : `${inventory.environment}: ${item.source}`,
      line: 1,
      object: item.origin === "trellis" || item.object.metadata?.namespace || !item.namespace ? item.object : { ...item.object, metadata: { ...item.object.metadata, namespace: item.namespace } },
      ...(item.origin === "trellis" ? {} : { application: item.origin }),
    }));
    results.push(runChecks({ objects, files: new Set(objects.map((object) => object.file)).size }, profile));
  }
  return results;
}
