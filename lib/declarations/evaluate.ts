// Runs inside the declaration worker: evaluates each declaration file, checks its default export against its
// kind's schema and returns plain data only (what zod parsed, and problems), which can cross to the main thread.
import type { z } from "zod";
import { appSchema } from "../model/declarations/app.ts";
import { componentSchema } from "../model/declarations/component.ts";
import { environmentSchema } from "../model/declarations/environment.ts";
import { resiliencyPolicySchema } from "../model/declarations/resiliency-policy.ts";
import { ProblemList, type Problem } from "./problems.ts";
import { issueMessage, knownFields } from "./schema-wording.ts";

/** Each declaration folder, the schema of what its files declare, and where that schema is written (for messages). */
export const DECLARATION_KINDS = {
  environments: { schema: environmentSchema, file: "lib/model/declarations/environment.ts" },
  apps: { schema: appSchema, file: "lib/model/declarations/app.ts" },
  components: { schema: componentSchema, file: "lib/model/declarations/component.ts" },
  resiliency: { schema: resiliencyPolicySchema, file: "lib/model/declarations/resiliency-policy.ts" },
} as const;

export type DeclarationFolder = keyof typeof DECLARATION_KINDS;

/** A file's module, loaded (its top-level code run) on request. */
export type ModuleLoader = () => { default?: unknown };

export interface EvaluatedDeclarations {
  /** Parsed values per folder, in the order of the files given. */
  readonly values: Readonly<Record<DeclarationFolder, readonly { readonly file: string; readonly value: unknown }[]>>;
  readonly problems: readonly Problem[];
}

/**
 * `files` are '/'-separated paths relative to `root` (`apps/order-api.ts`); `onFile` is told before each
 * file runs, so that a file that never finishes can be named.
 */
export async function evaluateDeclarations(
  root: string,
  files: readonly string[],
  modules: Readonly<Record<string, ModuleLoader>>,
  onFile: (file: string) => void,
): Promise<EvaluatedDeclarations> {
  const problems = new ProblemList();
  const values: Record<DeclarationFolder, { file: string; value: unknown }[]> = {
    environments: [],
    apps: [],
    components: [],
    resiliency: [],
  };
  for (const file of files) {
    const folder = file.split("/")[0] as DeclarationFolder;
    const schema: z.ZodType = DECLARATION_KINDS[folder].schema;
    const absolute = `${root}/${file}`;
    onFile(file);
    const exported = await defaultExport(modules, file, absolute, problems);
    if (exported === undefined) continue;
    let parsed;
    try {
      const protoKey = protoKeyPath(exported);
      if (protoKey) {
        problems.add(
          file,
          protoKey,
          'a field named "__proto__" would be dropped without a word by the schema and by YAML readers; rename it',
        );
        continue;
      }
      parsed = schema.safeParse(exported);
    } catch (error) {
      // A getter or a Proxy in the default export threw while the schema read it.
      problems.add(
        `${file}${locationIn(error, absolute)}`,
        "(file)",
        `evaluating the default export failed: ${firstLine(error)}; fix the code in this file`,
      );
      continue;
    }
    if (parsed.success) values[folder].push({ file, value: parsed.data });
    else for (const issue of parsed.error.issues) reportIssue(file, folder, issue, exported, problems);
  }
  return { values, problems: problems.items };
}

/** The default export, awaited when it is a promise (a declaration may compute its value asynchronously). */
async function defaultExport(
  modules: Readonly<Record<string, ModuleLoader>>,
  file: string,
  absolute: string,
  problems: ProblemList,
): Promise<unknown> {
  const load = Object.hasOwn(modules, file) ? modules[file] : undefined;
  if (!load) throw new Error(`internal: ${file} was not compiled`);
  let exported: unknown;
  try {
    exported = load().default;
    if (isThenable(exported)) exported = await exported;
  } catch (thrown) {
    problems.add(
      `${file}${locationIn(thrown, absolute)}`,
      "(file)",
      `cannot be loaded: ${firstLine(thrown)}; fix the code in this file`,
    );
    return undefined;
  }
  if (exported === undefined) {
    problems.add(file, "(file)", "has no default export; write `export default { ... } satisfies <Kind>Declaration`");
    return undefined;
  }
  return exported;
}

/** The path of the first own "__proto__" key in a value (given with a computed key, `["__proto__"]: ...`). */
function protoKeyPath(
  value: unknown,
  path: (string | number)[] = [],
  seen = new Set<unknown>(),
): (string | number)[] | undefined {
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return [...path, key];
    const found = protoKeyPath(
      (value as Record<string, unknown>)[key],
      [...path, Array.isArray(value) ? Number(key) : key],
      seen,
    );
    if (found) return found;
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
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
function reportIssue(
  file: string,
  folder: DeclarationFolder,
  issue: z.core.$ZodIssue,
  input: unknown,
  problems: ProblemList,
): void {
  const { schema, file: reference } = DECLARATION_KINDS[folder];
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys)
      problems.add(
        file,
        [...issue.path, key],
        `unknown field "${key}"; ${knownFields(schema, issue.path, key, reference)}`,
      );
  } else {
    problems.add(file, issue.path, issueMessage(issue, input, reference));
  }
}
