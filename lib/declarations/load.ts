// Finds the declaration files, imports them and checks each against its zod schema.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { appSchema, type App } from "../../apps/schema.ts";
import { componentSchema, type Component } from "../../components/schema.ts";
import { environmentSchema, type Environment } from "../../environments/schema.ts";
import { resiliencyPolicySchema, type ResiliencyPolicy } from "../../resiliency/schema.ts";
import { ProblemList } from "./problems.ts";

/** A checked declaration and the file it came from. */
export interface Declared<T> {
  readonly file: string;
  readonly value: T;
}

export interface Declarations {
  readonly environments: readonly Declared<Environment>[];
  readonly apps: readonly Declared<App>[];
  readonly components: readonly Declared<Component>[];
  readonly resiliencyPolicies: readonly Declared<ResiliencyPolicy>[];
}

/** Each folder holds one declaration per `.ts` file; `schema.ts` and subfolders hold code, not declarations. */
export const DECLARATION_FOLDERS = ["environments", "apps", "components", "resiliency"] as const;
const SCHEMA_FILE = "schema.ts";

export interface LoadOptions {
  /** Order in which files are read. Output must not depend on it; tests read in reverse to prove so. */
  readonly fileOrder?: "sorted" | "reversed";
}

export async function loadDeclarations(root: string, options: LoadOptions = {}): Promise<Declarations> {
  const problems = new ProblemList();
  const load = async <S extends z.ZodType>(folder: (typeof DECLARATION_FOLDERS)[number], schema: S) => {
    const declared: Declared<z.output<S>>[] = [];
    for (const file of await declarationFiles(root, folder, problems, options)) {
      const relative = `${folder}/${file}`;
      const exported = await importDefault(join(root, folder, file), relative, problems);
      if (exported === undefined) continue;
      let parsed;
      try {
        parsed = schema.safeParse(exported);
      } catch (error) {
        // A getter in the default export threw while the schema read it.
        problems.add(`${relative}${locationIn(error, join(root, folder, file))}`, "(file)", `evaluating the default export failed: ${firstLine(error)}; fix the code in this file`);
        continue;
      }
      if (parsed.success) declared.push({ file: relative, value: parsed.data });
      else for (const issue of parsed.error.issues) reportIssue(relative, issue, problems);
    }
    return declared;
  };
  const environments = await load("environments", environmentSchema);
  const apps = await load("apps", appSchema);
  const components = await load("components", componentSchema);
  const resiliencyPolicies = await load("resiliency", resiliencyPolicySchema);
  if (environments.length === 0 && problems.items.length === 0) {
    problems.add("environments/", "(folder)", "no environment is declared; add environments/<name>.ts");
  }
  problems.throwIfAny();
  return { environments, apps, components, resiliencyPolicies };
}

async function declarationFiles(root: string, folder: string, problems: ProblemList, options: LoadOptions): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, folder), { withFileTypes: true });
  } catch {
    problems.add(`${folder}/`, "(folder)", `folder ${folder}/ is missing under ${root}; create it with one declaration per file`);
    return [];
  }
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== SCHEMA_FILE)
    .map((entry) => entry.name)
    .sort();
  return options.fileOrder === "reversed" ? files.reverse() : files;
}

async function importDefault(absolute: string, relative: string, problems: ProblemList): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    const compiler = compilerError(error);
    if (compiler) {
      problems.add(`${relative}:${compiler.line}:${compiler.column}`, "(file)", `cannot be compiled: ${compiler.text}; fix the TypeScript in this file`);
    } else {
      problems.add(`${relative}${locationIn(error, absolute)}`, "(file)", `cannot be loaded: ${firstLine(error)}; fix the code in this file`);
    }
    return undefined;
  }
  if (module.default === undefined) {
    problems.add(relative, "(file)", "has no default export; write `export default { ... } satisfies <Kind>Declaration`");
    return undefined;
  }
  return module.default;
}

/**
 * The compiler's own report (esbuild, through tsx or vitest): its first error with a 1-based line and column,
 * from the error's `errors` list or from its message ("<file>:<line>:<column>: ERROR: <text>", column 0-based).
 */
function compilerError(error: unknown): { line: number; column: number; text: string } | undefined {
  const first = (error as { errors?: { text?: string; location?: { line?: number; column?: number } | null }[] }).errors?.[0];
  if (first?.text && first.location?.line !== undefined) return { line: first.location.line, column: (first.location.column ?? 0) + 1, text: first.text };
  const reported = /^[^\n]*:(\d+):(\d+): ERROR: (.*)$/m.exec(error instanceof Error ? error.message : "");
  return reported ? { line: Number(reported[1]), column: Number(reported[2]) + 1, text: reported[3] ?? "" } : undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** ":line:column" of the innermost stack frame in the declaration file (source-mapped), or "" when none is. */
function locationIn(error: unknown, absolute: string): string {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  for (const line of stack.split("\n")) {
    const at = line.lastIndexOf(`${absolute}:`);
    if (at < 0) continue;
    const position = /^:(\d+):(\d+)/.exec(line.slice(at + absolute.length));
    if (position) return `:${position[1]}:${position[2]}`;
  }
  return "";
}

/** An unknown field is reported at its own path, since it is most often a misspelt known one. */
function reportIssue(file: string, issue: z.core.$ZodIssue, problems: ProblemList): void {
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) problems.add(file, [...issue.path, key], `unknown field "${key}"; check its spelling against the schema in this folder's schema.ts`);
  } else {
    problems.add(file, issue.path, issue.message);
  }
}
