// Finds the declaration files, compiles and evaluates them, and checks each against its zod schema.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { appSchema, type App } from "../../apps/schema.ts";
import { componentSchema, type Component } from "../../components/schema.ts";
import { environmentSchema, type Environment } from "../../environments/schema.ts";
import { resiliencyPolicySchema, type ResiliencyPolicy } from "../../resiliency/schema.ts";
import { compileDeclarations, type Evaluated } from "./compile.ts";
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
  const filesOf = new Map<string, string[]>();
  for (const folder of DECLARATION_FOLDERS) filesOf.set(folder, await declarationFiles(root, folder, problems, options));
  const compiled = await compileDeclarations(root, [...filesOf].flatMap(([folder, files]) => files.map((file) => `${folder}/${file}`)));
  if ("failures" in compiled) {
    for (const failure of compiled.failures) problems.add(`${failure.file}:${failure.line}:${failure.column}`, "(file)", `cannot be compiled: ${failure.text}; fix the TypeScript in this file`);
    problems.throwIfAny();
    throw new Error("internal: compiling failed without a message");
  }
  const load = <S extends z.ZodType>(folder: (typeof DECLARATION_FOLDERS)[number], schema: S) => {
    const declared: Declared<z.output<S>>[] = [];
    for (const file of filesOf.get(folder) ?? []) {
      const relative = `${folder}/${file}`;
      const exported = defaultExport(compiled.evaluate(relative), join(root, folder, file), relative, problems);
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
  const environments = load("environments", environmentSchema);
  const apps = load("apps", appSchema);
  const components = load("components", componentSchema);
  const resiliencyPolicies = load("resiliency", resiliencyPolicySchema);
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

function defaultExport(evaluated: Evaluated, absolute: string, relative: string, problems: ProblemList): unknown {
  if ("thrown" in evaluated) {
    problems.add(`${relative}${locationIn(evaluated.thrown, absolute)}`, "(file)", `cannot be loaded: ${firstLine(evaluated.thrown)}; fix the code in this file`);
    return undefined;
  }
  if (evaluated.exports.default === undefined) {
    problems.add(relative, "(file)", "has no default export; write `export default { ... } satisfies <Kind>Declaration`");
    return undefined;
  }
  return evaluated.exports.default;
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
