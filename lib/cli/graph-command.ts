// `trellis graph`: an environment's topology from its declarations, as Mermaid, Graphviz DOT or JSON.
import type { Blueprint } from "../blueprint.ts";
import { DeclarationError } from "../declarations/problems.ts";
import { environmentGraph, toDot, toMermaid } from "../review/graph.ts";
import { loadPlatform } from "../synth.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";

export async function graphCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  // --env is required and --format one of its choices: parseOptions says so otherwise.
  const { values } = parseOptions(args, "graph");
  let platform;
  try {
    platform = await loadPlatform(projectRoot(values.root));
  } catch (error) {
    if (!(error instanceof DeclarationError)) throw error;
    io.err(error.message);
    return EXIT.failure;
  }
  const environment = platform.environments.find((candidate) => candidate.name === values.env);
  if (!environment)
    throw new UsageError(
      `environment "${values.env}" is not declared; declared: ${platform.environments.map((candidate) => candidate.name).join(", ")}`,
    );
  const graph = environmentGraph(environment);
  io.out(
    (values.format === "json"
      ? `${JSON.stringify(graph, null, 2)}\n`
      : values.format === "dot"
        ? toDot(graph)
        : toMermaid(graph)
    ).trimEnd(),
  );
  return EXIT.success;
}
