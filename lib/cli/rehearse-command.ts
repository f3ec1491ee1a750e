// `trellis rehearse`: each environment's bootstrap with the real Pulumi engine against a throw-away local
// control plane, checked, previewed again, destroyed; exit 1 when any step or check fails.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Blueprint } from "../blueprint.ts";
import { fsProblem } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { DeclarationError } from "../declarations/problems.ts";
import { loadPlatform } from "../synth.ts";
import { ToolUnavailable } from "../tools/go-tool.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";

export async function rehearseCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  const { values } = parseOptions(args, "rehearse");
  const root = projectRoot(values.root);
  try {
    const declared = (await loadPlatform(root)).environments.map((environment) => environment.name);
    const unknown = (values.env ?? []).filter((name) => !declared.includes(name));
    if (unknown.length > 0)
      throw new UsageError(`no environment ${unknown.join(", ")}; declared: ${declared.join(", ")}`);
    let failed = false;
    const reports: Readonly<Record<string, unknown>>[] = [];
    const environments = values.env ?? declared;
    for (const environment of environments) {
      const rehearsal = await blueprint.rehearse({
        root,
        environment,
        log: io.progress,
        ...(values.from ? { from: values.from } : {}),
      });
      for (const line of rehearsal.lines) io.out(line);
      reports.push(rehearsal.report);
      failed ||= !rehearsal.passed;
    }
    if (values.report) {
      const file = resolve(values.report);
      const data = environments.length === 1 ? reports[0] : reports;
      try {
        await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
      } catch (error) {
        io.err(`trellis rehearse: ${visible(fsProblem(file, error, "writing"))}`);
        return EXIT.failure;
      }
      io.out(`wrote the rehearsal report to ${file}`);
    }
    return failed ? EXIT.failure : EXIT.success;
  } catch (error) {
    if (error instanceof DeclarationError || error instanceof ToolUnavailable) {
      io.err(`trellis rehearse: ${error.message}`);
      return EXIT.failure;
    }
    throw error;
  }
}
