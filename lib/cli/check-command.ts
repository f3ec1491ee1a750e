// `trellis check`: the policy rules over any folders of Kubernetes manifests, or over every environment in deploy/,
// then the project's overrides and an optional baseline. Whatever stops the run (exit 2) is one line on standard
// error and, with --format json or sarif, still one document on standard output.
import { access, readdir } from "node:fs/promises";
import { incompleteOutput } from "../output/output-completeness.ts";
import { join, resolve } from "node:path";
import { PROFILES, type Profile, type Rule } from "../policies/rule.ts";
import { declaredProfile } from "../policies/declared-profile.ts";
import type { Blueprint } from "../blueprint.ts";
import { runChecks, type CheckResult } from "../policies/run.ts";
import {
  applyBaseline,
  baselineOf,
  DEFAULT_BASELINE_REASON,
  readBaseline,
  writeBaseline,
  type Baseline,
} from "../check/baseline.ts";
import { applyOverrides, checkOverrides, type Override } from "../check/overrides.ts";
import { CONFIG_FILE, loadConfig } from "../config.ts";
import { DeclarationError } from "../declarations/problems.ts";
import { ChartUnavailable } from "../inventory/chart-cache.ts";
import { ToolUnavailable } from "../tools/go-tool.ts";
import { fsErrorCode, fsErrorMessage, fsProblem } from "../manifests/fs-problem.ts";
import {
  InputError,
  loadManifests,
  loadStandardInput,
  manifestRoot,
  parseText,
  type LoadedSet,
} from "../manifests/load-manifests.ts";
import { DELIVERY_FOLDER } from "../model/layers.ts";
import { visible } from "../report/escape.ts";
import { jsonError, jsonReport } from "../report/json-report.ts";
import { markdownReport } from "../report/markdown-report.ts";
import { sarifError, sarifReport } from "../report/sarif-report.ts";
import { summarize } from "../report/summary.ts";
import { textReport } from "../report/text-report.ts";
import { TRELLIS_VERSION } from "../version.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";
import { paintSeverity } from "./severity.ts";
import { readStdin, STDIN_OPERANDS } from "./stdin.ts";
import { COMMANDS } from "./usage.ts";

type Format = (typeof COMMANDS.check.options.format.choices)[number];

export async function checkCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  const { rules } = blueprint;
  // --format is one of its choices here (options.ts); --profile is checked below, so a JSON or SARIF document
  // still carries that error.
  const { values, positionals } = parseOptions(args, "check");
  const format = values.format as Format;
  const given = values.profile as Profile | undefined;
  const root = projectRoot(values.root);

  let results: CheckResult[];
  try {
    // Bad usage from here on still gives a JSON or SARIF document when one was asked for.
    if (values.profile !== undefined && !(PROFILES as readonly string[]).includes(values.profile))
      throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}, not "${values.profile}"`);
    if (values.baseline !== undefined && values["write-baseline"] !== undefined)
      throw new UsageError(
        "give --baseline FILE to compare with a baseline, or --write-baseline FILE to record one, not both",
      );
    if (values.reason !== undefined && values["write-baseline"] === undefined)
      throw new UsageError("--reason goes with --write-baseline");
    if (values.reason !== undefined && values.reason.trim() === "")
      throw new UsageError("--reason must say why the findings are accepted");
    const overrides = await projectOverrides(root, rules);
    if (values["with-charts"]) {
      if (positionals.length > 0)
        throw new UsageError("--with-charts checks the environments' inventories; give no paths");
      results = await checkInventories(blueprint, root, given, io);
    } else if (positionals.length > 0) {
      // The profile an AppProject among them declares, else the strictest: a folder of unknown origin may be bound for prod.
      const loaded = await loadOperands(positionals, values.root, io);
      refuseEmpty(loaded, positionals.join(", "));
      results = [runChecks(rules, loaded, given ?? declaredProfile(loaded.objects.map((entry) => entry.object)))];
    } else {
      results = await checkDeploy(rules, root, given);
    }
    results = applyOverrides(results, overrides);
    if (values["write-baseline"] !== undefined) {
      const file = resolve(values["write-baseline"]);
      const previous = await readBaseline(file).catch(() => undefined);
      const baseline = baselineOf(results, values.reason?.trim() ?? DEFAULT_BASELINE_REASON, previous);
      await writeBaseline(file, baseline);
      io.err(visible(`trellis check: wrote ${baseline.findings.length} finding(s) to ${file}`));
      results = applyBaseline(results, baseline);
    } else if (values.baseline !== undefined) {
      const baseline: Baseline = await readBaseline(resolve(values.baseline));
      results = applyBaseline(results, baseline);
    }
  } catch (error) {
    const message = problemOf(error);
    if (message === undefined) throw error;
    io.err(`trellis check: ${message.split("\n").map(visible).join("\n")}`);
    if (format === "json") io.out(jsonError(message).trimEnd());
    if (format === "sarif") io.out(sarifError(rules, message, TRELLIS_VERSION).trimEnd());
    return EXIT.usage;
  }
  const withBaseline = values.baseline !== undefined || values["write-baseline"] !== undefined;
  const report =
    format === "json"
      ? jsonReport(results)
      : format === "sarif"
        ? sarifReport(rules, results, TRELLIS_VERSION, withBaseline)
        : format === "markdown"
          ? markdownReport(results)
          : textReport(results, io.color ? paintSeverity : undefined);
  io.out(report.trimEnd());
  return summarize(results).errors > 0 ? EXIT.failure : EXIT.success;
}

/** The manifests the operands name: files and folders, and standard input for `-` or /dev/stdin. */
async function loadOperands(operands: readonly string[], root: string | undefined, io: CommandIo): Promise<LoadedSet> {
  const paths = operands.filter((operand) => !STDIN_OPERANDS.includes(operand)).map((path) => resolve(path));
  const sets: LoadedSet[] = [];
  if (paths.length < operands.length) sets.push(loadStandardInput(await readStdin(io)));
  if (paths.length > 0) sets.push(await loadManifests(paths, await manifestRoot(paths, root)));
  const [first] = sets;
  if (sets.length === 1 && first) return first;
  return {
    objects: sets.flatMap((set) => set.objects),
    notObjects: sets.flatMap((set) => set.notObjects),
    files: sets.reduce((sum, set) => sum + set.files, 0),
    skipped: sets.flatMap((set) => set.skipped),
    root: sets.at(-1)?.root ?? process.cwd(),
  };
}

/** What stops a run with exit 2, as the line to print; undefined for a defect, which is thrown. */
function problemOf(error: unknown): string | undefined {
  if (error instanceof InputError) return error.message;
  if (error instanceof UsageError) return `${error.message}; run trellis check --help`;
  if (error instanceof DeclarationError) return error.message;
  // --with-charts without Helm, or a chart that is neither cached nor reachable: said, not thrown.
  if (error instanceof ToolUnavailable || error instanceof ChartUnavailable) return error.message;
  const code = fsErrorCode(error);
  if (code) return fsErrorMessage(error);
  return undefined;
}

/** check.overrides of the project's trellis.config.ts; none when the folder has no config. */
async function projectOverrides(root: string, rules: readonly Rule[]): Promise<readonly Override[]> {
  try {
    await access(join(root, CONFIG_FILE));
  } catch {
    return [];
  }
  const overrides = (await loadConfig(root)).check.overrides;
  checkOverrides(
    overrides,
    rules.map((rule) => rule.id),
  );
  return overrides;
}

/** Nothing to check is an input problem, not a pass. */
function refuseEmpty(loaded: LoadedSet, where: string): void {
  if (loaded.objects.length > 0) return;
  const seen = loaded.files === 0 ? "no .yaml, .yml or .json file" : `${loaded.files} file(s) but no Kubernetes object`;
  const skipped =
    loaded.skipped.length > 0
      ? ` (skipped: ${loaded.skipped.map((entry) => `${entry.file}: ${entry.reason}`).join("; ")})`
      : "";
  throw new InputError(`nothing was checked: ${seen} in ${where}${skipped}`);
}

/** Every deploy/<env>/ with the shared deploy/argocd/, each with the profile its AppProject declares (prod without one). */
async function checkDeploy(rules: readonly Rule[], root: string, given: Profile | undefined): Promise<CheckResult[]> {
  const deploy = join(root, "deploy");
  let entries;
  try {
    entries = await readdir(deploy, { withFileTypes: true });
  } catch (error) {
    throw new InputError(
      fsErrorCode(error) === "ENOENT"
        ? `${deploy}: no such folder; run npm run synth, or give paths to check`
        : fsProblem(deploy, error, "reading"),
    );
  }
  const incomplete = incompleteOutput(deploy);
  if (incomplete) throw new InputError(incomplete);
  const environments = entries
    .filter((entry) => entry.isDirectory() && entry.name !== DELIVERY_FOLDER && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  const shared = entries.some((entry) => entry.isDirectory() && entry.name === DELIVERY_FOLDER)
    ? [join(deploy, DELIVERY_FOLDER)]
    : [];
  const results: CheckResult[] = [];
  for (const environment of environments) {
    const loaded = await loadManifests([join(deploy, environment), ...shared], await manifestRoot([deploy], root));
    refuseEmpty(loaded, join(deploy, environment));
    const profile = given ?? declaredProfile(loaded.objects.map((entry) => entry.object));
    results.push(runChecks(rules, loaded, profile, environment));
  }
  return results;
}

/** Every rule over each environment's inventory: Trellis's objects and every chart's rendered output. */
async function checkInventories(
  blueprint: Blueprint,
  root: string,
  given: Profile | undefined,
  io: CommandIo,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  // Loaded here only: it renders the declarations and runs Helm.
  const { environmentInventories } = await import("../inventory/environment-inventory.ts");
  const { RENDER_HEADER } = await import("../output/ownership.ts");
  const { toYaml } = await import("../render/manifest-files.ts");
  for (const inventory of await environmentInventories(blueprint, root, [], io.progress)) {
    const profile = given ?? declaredProfile(inventory.objects.map((item) => item.object));
    const objects = inventory.objects.map((item) => {
      // Trellis's objects are its files' bytes, so their fields have those files' lines; a chart's output has no
      // file of its own, so its objects point at their template.
      if (item.origin === "trellis")
        return (
          parseText(RENDER_HEADER + toYaml(item.object), item.source).objects[0] ?? {
            file: item.source,
            line: 1,
            object: item.object,
          }
        );
      const object =
        item.object.metadata?.namespace || !item.namespace
          ? item.object
          : { ...item.object, metadata: { ...item.object.metadata, namespace: item.namespace } };
      return { file: `${inventory.environment}: ${item.source}`, line: 1, object, application: item.origin };
    });
    results.push(
      runChecks(
        blueprint.rules,
        { objects, files: new Set(objects.map((object) => object.file)).size },
        profile,
        inventory.environment,
      ),
    );
  }
  return results;
}
