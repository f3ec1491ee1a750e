// `trellis validate`: kubeconform -strict over manifests, with the configured schema locations; with
// --with-charts, every gate over each environment's whole inventory (Trellis's objects and the charts' output).
import type { Blueprint } from "../blueprint.ts";
import { resolve } from "node:path";
import { loadConfig, resolveSchemaLocation } from "../config.ts";
import { withSchemaLocations } from "../tools/crd-schemas.ts";
import { DeclarationError } from "../declarations/problems.ts";
import { ensureGoTool, ToolUnavailable } from "../tools/go-tool.ts";
import { KUBECONFORM, runKubeconform } from "../tools/kubeconform.ts";
import { formatGateFinding } from "../gates/gate.ts";
import { runGates, VALIDATE_GATE_PHASE } from "../gates/run-gates.ts";
import { ChartUnavailable } from "../inventory/chart-cache.ts";
import { environmentInventories, INVENTORY_PHASE } from "../inventory/environment-inventory.ts";
import { ensureArgoCdHealth } from "../tools/argocd-health.ts";
import { ensureCollector } from "../tools/collector.ts";
import { ensureHelm } from "../tools/helm.ts";
import { ensureJaeger } from "../tools/jaeger.ts";
import { phase } from "../telemetry/phases.ts";
import { visible } from "../report/escape.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";
import { progressOf } from "./terminal.ts";

export async function validateCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  const { values, positionals } = parseOptions(args, "validate");
  const root = projectRoot(values.root);
  if (values["with-charts"]) {
    if (positionals.length > 0)
      throw new UsageError("--with-charts validates the environments' inventories; give --env, not paths");
    const stop = progressOf(io, [VALIDATE_GATE_PHASE, INVENTORY_PHASE]);
    try {
      return await validateInventories(blueprint, root, values.env ?? [], io);
    } finally {
      stop();
    }
  }
  const paths = positionals.length > 0 ? positionals.map((path) => resolve(path)) : [resolve(root, "deploy")];
  try {
    const config = await loadConfig(root);
    const binary = await ensureGoTool(KUBECONFORM, io.progress);
    const validate = (schemaLocations: readonly string[]) =>
      runKubeconform(binary, paths, { kubernetesVersion: config.validation.kubernetesVersion, schemaLocations });
    const given = values["schema-location"];
    const result = await phase(VALIDATE_GATE_PHASE, { "trellis.gate": "kubeconform" }, () =>
      given
        ? validate(given.map((location) => resolveSchemaLocation(root, location)))
        : withSchemaLocations(root, config.validation, validate),
    );
    // Names and messages come from the input: their lines kept, their other control characters escaped.
    for (const problem of result.problems)
      io.err(terminal(`${problem.filename}: ${problem.kind}/${problem.name}: ${problem.status}: ${problem.msg}`));
    const { valid, invalid, errors, skipped } = result.summary;
    io.out(`kubeconform: ${valid} valid, ${invalid} invalid, ${errors} errors, ${skipped} skipped`);
    return invalid + errors + skipped === 0 ? EXIT.success : EXIT.failure;
  } catch (error) {
    if (error instanceof DeclarationError || error instanceof ToolUnavailable) {
      io.err(error.message);
      return EXIT.failure;
    }
    throw error;
  }
}

async function validateInventories(
  blueprint: Blueprint,
  root: string,
  environments: readonly string[],
  io: CommandIo,
): Promise<number> {
  try {
    const engines = {
      kubeconform: await ensureGoTool(KUBECONFORM, io.progress),
      helm: await ensureHelm(io.progress),
      argocdHealth: await ensureArgoCdHealth(io.progress),
      collector: await ensureCollector(io.progress),
      jaeger: await ensureJaeger(io.progress),
    };
    let problems = 0;
    for (const inventory of await environmentInventories(blueprint, root, environments, io.progress)) {
      const findings = await runGates(root, inventory, engines, blueprint.gates);
      for (const finding of findings) io.err(terminal(formatGateFinding(finding)));
      problems += findings.length;
      io.out(
        `${inventory.environment}: ${inventory.objects.length} objects through kubeconform, project permissions, values keys, health, collector: ${findings.length} problem(s)`,
      );
    }
    return problems === 0 ? EXIT.success : EXIT.failure;
  } catch (error) {
    if (error instanceof DeclarationError || error instanceof ToolUnavailable || error instanceof ChartUnavailable) {
      io.err(`trellis validate: ${error.message}`);
      return EXIT.failure;
    }
    throw error;
  }
}

function terminal(text: string): string {
  return text.split("\n").map(visible).join("\n");
}
