// `trellis graph`: an environment's topology from its declarations, as Mermaid, Graphviz DOT or JSON.
import { resolve } from "node:path";
import { DeclarationError } from "../declarations/problems.ts";
import { environmentGraph, toDot, toMermaid } from "../review/graph.ts";
import { loadPlatform } from "../synth.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";

const FORMATS = ["mermaid", "dot", "json"] as const;

export async function graphCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    env: { type: "string" },
    format: { type: "string", default: "mermaid" },
    root: { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.env) throw new UsageError("--env NAME is required");
  if (!(FORMATS as readonly string[]).includes(values.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
  let platform;
  try {
    platform = await loadPlatform(resolve(values.root ?? "."));
  } catch (error) {
    if (!(error instanceof DeclarationError)) throw error;
    io.err(error.message);
    return 1;
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
  return 0;
}
