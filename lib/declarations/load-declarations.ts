// Finds the declaration files, then compiles them and checks each against its zod schema in a worker thread
// with a deadline. Declarations are code: they run with the rights of whoever runs Trellis.
import { accessSync, constants, statSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "../model/declarations/app.ts";
import type { Component } from "../model/declarations/component.ts";
import type { Environment } from "../model/declarations/environment.ts";
import type { ResiliencyPolicy } from "../model/declarations/resiliency-policy.ts";
import { compileDeclarations } from "./compile.ts";
import { evaluateInWorker } from "./declaration-worker.ts";
import { DECLARATION_KINDS, type DeclarationFolder } from "./evaluate.ts";
import { declaredName } from "./declared-name.ts";
import { ProblemList } from "./problems.ts";
import { identityCollisions } from "../model/environment-identities.ts";

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

/** Each folder holds one declaration per `.ts` file; subfolders hold helpers the declarations share. */
export const DECLARATION_FOLDERS = Object.keys(DECLARATION_KINDS) as readonly DeclarationFolder[];
export const DEFAULT_EVALUATION_TIMEOUT_MS = 30_000;

export interface LoadOptions {
  /** Order in which files are read. Output must not depend on it; tests read in reverse to prove so. */
  readonly fileOrder?: "sorted" | "reversed";
  /** How long evaluating the declarations may take before it is stopped (default 30 s). */
  readonly timeoutMs?: number;
}

export async function loadDeclarations(root: string, options: LoadOptions = {}): Promise<Declarations> {
  const problems = new ProblemList();
  const files: string[] = [];
  for (const folder of DECLARATION_FOLDERS)
    files.push(...(await declarationFiles(root, folder, problems, options)).map((file) => `${folder}/${file}`));
  const workspace = await mkdtemp(join(tmpdir(), "trellis-declarations-"));
  let evaluated;
  try {
    const compiled = await compileDeclarations(root, files, workspace);
    if ("failures" in compiled) {
      for (const failure of compiled.failures)
        problems.add(
          `${failure.file}:${failure.line}:${failure.column}`,
          "(file)",
          `cannot be compiled: ${failure.text}; fix the TypeScript in this file`,
        );
      problems.throwIfAny();
      throw new Error("internal: compiling failed without a message");
    }
    evaluated = await evaluateInWorker(
      compiled.bundle,
      root,
      files,
      options.timeoutMs ?? DEFAULT_EVALUATION_TIMEOUT_MS,
    );
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
  problems.items.push(...evaluated.problems);
  for (const folder of DECLARATION_FOLDERS)
    for (const declared of evaluated.values[folder]) checkNameMatchesFile(folder, declared, problems);
  const { values } = evaluated;
  for (const collision of identityCollisions(values.environments as Declared<Environment>[]))
    problems.add(collision.file, collision.path, collision.message);
  if (values.environments.length === 0 && problems.items.length === 0) {
    problems.add("environments/", "(folder)", "no environment is declared; add environments/<name>.ts");
  }
  problems.throwIfAny();
  return {
    environments: values.environments as Declared<Environment>[],
    apps: values.apps as Declared<App>[],
    components: values.components as Declared<Component>[],
    resiliencyPolicies: values.resiliency as Declared<ResiliencyPolicy>[],
  };
}

/** `apps/order-api.ts` declares the app `order-api`: a copied file that kept its old name is caught here. */
function checkNameMatchesFile(
  folder: DeclarationFolder,
  declared: { file: string; value: unknown },
  problems: ProblemList,
): void {
  const { field, name } = declaredName(folder, declared.value);
  const expected = declared.file.slice(folder.length + 1, -".ts".length);
  if (name !== expected) {
    problems.add(
      declared.file,
      field,
      `declares "${name}" but the file is named ${expected}.ts; rename the file to ${folder}/${name}.ts or set ${field} to "${expected}"`,
    );
  }
}

async function declarationFiles(
  root: string,
  folder: string,
  problems: ProblemList,
  options: LoadOptions,
): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, folder), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    problems.add(
      `${folder}/`,
      "(folder)",
      `folder ${folder}/ is missing under ${root}; create it with one declaration per file`,
    );
    return [];
  }
  // A link is followed (statSync throws ELOOP or ENOENT for one that leads nowhere, naming it).
  const isFile = (name: string, entry: (typeof entries)[number]) =>
    entry.isFile() || (entry.isSymbolicLink() && statSync(join(root, folder, name)).isFile());
  const files = entries
    .filter((entry) => entry.name.endsWith(".ts") && isFile(entry.name, entry))
    .map((entry) => entry.name)
    .sort();
  // An unreadable file is a file-system problem (EACCES, exit 2), not a compile error of its content.
  for (const file of files) accessSync(join(root, folder, file), constants.R_OK);
  return options.fileOrder === "reversed" ? files.reverse() : files;
}
