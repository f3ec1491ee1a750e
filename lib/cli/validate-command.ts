// `trellis validate`: kubeconform -strict over manifests, with the configured schema locations.
import { resolve } from "node:path";
import { loadConfig, resolveSchemaLocation } from "../config.ts";
import { withSchemaLocations } from "../tools/crd-schemas.ts";
import { DeclarationError } from "../declarations/problems.ts";
import { ensureGoTool, ToolUnavailable } from "../tools/go-tool.ts";
import { KUBECONFORM, runKubeconform } from "../tools/kubeconform.ts";
import { parseOptions, type Io } from "./options.ts";

export async function validateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    root: { type: "string" },
    "schema-location": { type: "string", multiple: true },
  });
  const root = resolve(values.root ?? ".");
  const paths = positionals.length > 0 ? positionals.map((path) => resolve(path)) : [resolve(root, "deploy")];
  try {
    const config = await loadConfig(root);
    const binary = await ensureGoTool(KUBECONFORM, io.err);
    const validate = (schemaLocations: readonly string[]) => runKubeconform(binary, paths, { kubernetesVersion: config.validation.kubernetesVersion, schemaLocations });
    const given = values["schema-location"];
    const result = given ? await validate(given.map((location) => resolveSchemaLocation(root, location))) : await withSchemaLocations(root, config.validation, validate);
    for (const problem of result.problems) io.err(`${problem.filename}: ${problem.kind}/${problem.name}: ${problem.status}: ${problem.msg}`);
    const { valid, invalid, errors, skipped } = result.summary;
    io.out(`kubeconform: ${valid} valid, ${invalid} invalid, ${errors} errors, ${skipped} skipped`);
    return invalid + errors + skipped === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof DeclarationError || error instanceof ToolUnavailable) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}
