// Compiles every declaration file in one esbuild pass and evaluates each one on its own.
// One bundle instead of one TypeScript import per file: a loader hook round trip and a transform per file
// cost milliseconds each, which made loading the largest part of synth on platforms of hundreds of apps.
import { build, type Message } from "esbuild";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** A declaration file's module once evaluated, or what its evaluation threw. */
export type Evaluated = { readonly exports: { default?: unknown } } | { readonly thrown: unknown };

export interface CompileFailure {
  /** Path relative to the project root, '/' separated. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

export type Compiled = { readonly evaluate: (file: string) => Evaluated } | { readonly failures: readonly CompileFailure[] };

/**
 * `files` are relative to `root`. Each file's top-level code runs only when `evaluate` asks for it, inside
 * its own call, so one file that throws does not stop the others. Stack traces point at the original
 * files: the bundle carries a source map and Node applies it.
 */
export async function compileDeclarations(root: string, files: readonly string[]): Promise<Compiled> {
  const entry = `export const modules = {\n${files.map((file) => `  ${JSON.stringify(file)}: () => require(${JSON.stringify(`./${file}`)}),`).join("\n")}\n};\n`;
  const folder = await mkdtemp(join(tmpdir(), "trellis-declarations-"));
  try {
    const outfile = join(folder, "declarations.mjs");
    let output: string;
    try {
      const result = await build({
        stdin: { contents: entry, resolveDir: root, sourcefile: "trellis-declarations-entry.js", loader: "js" },
        absWorkingDir: root,
        bundle: true,
        format: "esm",
        platform: "node",
        target: "node20",
        sourcemap: "external",
        sourcesContent: false,
        outfile,
        write: false,
        logLevel: "silent",
      });
      const code = result.outputFiles.find((file) => file.path.endsWith(".mjs"))?.text ?? "";
      const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith(".map"))?.text ?? "{}") as { sources?: string[] };
      // Absolute sources: the bundle is read from a temporary folder, the stack must name the project's files.
      map.sources = (map.sources ?? []).map((source) => pathToFileURL(resolve(folder, source)).href);
      output = `${code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n")}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
    } catch (error) {
      const errors = (error as { errors?: Message[] }).errors;
      if (!errors) throw error;
      return { failures: errors.map((message) => failureOf(root, message)) };
    }
    process.setSourceMapsEnabled(true);
    await writeFile(outfile, output);
    const { modules } = (await import(pathToFileURL(outfile).href)) as { modules: Record<string, () => { default?: unknown }> };
    return {
      evaluate(file) {
        const load = modules[file];
        if (!load) throw new Error(`internal: ${file} was not compiled`);
        try {
          return { exports: load() };
        } catch (thrown) {
          return { thrown };
        }
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function failureOf(root: string, message: Message): CompileFailure {
  const location = message.location;
  const file = location ? relative(root, join(root, location.file)).split(sep).join("/") : "(declarations)";
  return { file, line: location?.line ?? 1, column: (location?.column ?? 0) + 1, text: message.text };
}
