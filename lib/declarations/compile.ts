// Compiles every declaration file, with the code that evaluates and checks them, in one esbuild pass.
// One bundle instead of one TypeScript import per file: a loader hook round trip and a transform per file
// cost milliseconds each, which made loading the largest part of synth on platforms of hundreds of apps.
// The bundle is plain JavaScript, so a worker thread can run it without the TypeScript loader.
import { build, type Message } from "esbuild";
import { writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

export interface CompileFailure {
  /** Path relative to the project root, '/' separated. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** The bundle's file, which exports `run(root, files, onFile)` (see evaluate.ts), or why it could not be built. */
export type Compiled = { readonly bundle: string } | { readonly failures: readonly CompileFailure[] };

const EVALUATOR = join(import.meta.dirname, "evaluate.ts");

/**
 * `files` are relative to `root`; the bundle is written into `folder`. Each file's top-level code runs only
 * when `run` reaches it. Stack traces point at the original files: the bundle carries a source map.
 */
export async function compileDeclarations(root: string, files: readonly string[], folder: string): Promise<Compiled> {
  const entry = [
    `import { evaluateDeclarations } from ${JSON.stringify(EVALUATOR)};`,
    "const modules = {",
    ...files.map((file) => `  ${JSON.stringify(file)}: () => require(${JSON.stringify(`./${file}`)}),`),
    "};",
    "export const run = (root, files, onFile) => evaluateDeclarations(root, files, modules, onFile);",
    "",
  ].join("\n");
  const outfile = join(folder, "declarations.mjs");
  let output: string;
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: root, sourcefile: "trellis-declarations-entry.js", loader: "js" },
      absWorkingDir: root,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node24",
      sourcemap: "external",
      sourcesContent: false,
      outfile,
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles.find((file) => file.path.endsWith(".mjs"))?.text ?? "";
    const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith(".map"))?.text ?? "{}") as {
      sources?: string[];
    };
    // Absolute sources: the bundle is read from a temporary folder, the stack must name the project's files.
    map.sources = (map.sources ?? []).map((source) => pathToFileURL(resolve(folder, source)).href);
    output = `${code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n")}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    return { failures: errors.map((message) => failureOf(root, message)) };
  }
  await writeFile(outfile, output);
  return { bundle: outfile };
}

function failureOf(root: string, message: Message): CompileFailure {
  const location = message.location;
  const file = location ? relative(root, join(root, location.file)).split(sep).join("/") : "(declarations)";
  return { file, line: location?.line ?? 1, column: (location?.column ?? 0) + 1, text: message.text };
}
