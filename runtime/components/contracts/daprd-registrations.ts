// What daprd registers: the names (and versions) each file of dapr's cmd/daprd/components gives a component factory.
// Read with regular expressions and a bracket scanner, not a Go parser: the files are one init() of Register calls.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BindingDirection, ComponentKind } from "./contract-table.ts";
import { COMPONENT_KINDS } from "./contract-table.ts";

const REGISTRATIONS_FOLDER = "cmd/daprd/components";
const CONTRIB_MODULE = "github.com/dapr/components-contrib/";
const LOADER_PACKAGE = "github.com/dapr/dapr/pkg/components/";
/** The released daprd is built with this tag (dapr Makefile: DAPR_SIDECAR_FLAVOR ?= allcomponents). */
const RELEASE_BUILD_TAGS = new Set(["allcomponents"]);

export interface RegisteredConstructor {
  /** Absent: registered without a version, which daprd serves for "", "v0" and "v1". */
  version?: string;
  deprecated?: true;
  preferred?: true;
  /** components-contrib package folders the factory refers to, e.g. "state/redis". */
  packages: string[];
}

export interface DaprdRegistration {
  kind: ComponentKind;
  /** Names without the kind prefix, in the order daprd lists them. */
  names: string[];
  /** Path in the dapr module, e.g. "cmd/daprd/components/state_redis.go". */
  file: string;
  /** Bindings: RegisterInputBinding or RegisterOutputBinding. */
  direction?: BindingDirection;
  constructors: RegisteredConstructor[];
}

export function readDaprdRegistrations(daprModuleFolder: string): DaprdRegistration[] {
  const folder = join(daprModuleFolder, REGISTRATIONS_FOLDER);
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".go") && !name.endsWith("_test.go"))
    .sort();
  const registrations: DaprdRegistration[] = [];
  for (const name of files) {
    const source = readFileSync(join(folder, name), "utf8");
    if (!includedInReleaseBuild(source)) continue;
    registrations.push(...parseRegistrations(source, `${REGISTRATIONS_FOLDER}/${name}`));
  }
  if (registrations.length === 0) throw new Error(`no component registrations found in ${folder}`);
  return registrations;
}

/** Evaluates the file's //go:build line with only the release tags set. */
export function includedInReleaseBuild(source: string): boolean {
  const line = /^\/\/go:build (.+)$/m.exec(source)?.[1];
  return line === undefined || evaluateBuildConstraint(line, RELEASE_BUILD_TAGS);
}

export function evaluateBuildConstraint(expression: string, tags: ReadonlySet<string>): boolean {
  const tokens = expression.match(/[\w.]+|&&|\|\||[!()]/g) ?? [];
  let position = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[position] === "||") {
      position++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = unary();
    while (tokens[position] === "&&") {
      position++;
      value = unary() && value;
    }
    return value;
  };
  const unary = (): boolean => {
    const token = tokens[position++];
    if (token === "!") return !unary();
    if (token === "(") {
      const value = or();
      if (tokens[position++] !== ")") throw new Error(`unbalanced build constraint: ${expression}`);
      return value;
    }
    if (token === undefined || !/^[\w.]+$/.test(token)) throw new Error(`bad build constraint: ${expression}`);
    return tags.has(token);
  };
  const result = or();
  if (position !== tokens.length) throw new Error(`bad build constraint: ${expression}`);
  return result;
}

export function parseRegistrations(original: string, file: string): DaprdRegistration[] {
  // A commented-out Register call registers nothing.
  const source = withoutComments(original);
  const imports = parseImports(source);
  const registrations: DaprdRegistration[] = [];
  const call =
    /\b(\w+)\.DefaultRegistry\.(RegisterComponentWithVersions|RegisterComponent|RegisterInputBinding|RegisterOutputBinding)\(/g;
  for (const match of source.matchAll(call)) {
    const [whole, loaderAlias, method] = match as unknown as [string, string, string];
    const kind = kindOfLoader(imports.get(loaderAlias), file);
    const args = callArguments(source, match.index + whole.length);
    if (method === "RegisterComponentWithVersions") {
      registrations.push({
        kind,
        file,
        names: [stringLiteral(args[0], file)],
        constructors: versioned(args[1], imports),
      });
      continue;
    }
    const [factory = "", ...names] = args;
    registrations.push({
      kind,
      file,
      names: names.map((name) => stringLiteral(name, file)),
      ...(method === "RegisterInputBinding" ? { direction: "input" as const } : {}),
      ...(method === "RegisterOutputBinding" ? { direction: "output" as const } : {}),
      constructors: [{ packages: contribPackages(factory, imports) }],
    });
  }
  return registrations;
}

/** Comments blanked out (strings kept, so a "//" inside one stays), offsets unchanged. */
function withoutComments(source: string): string {
  return source.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match) =>
    match.startsWith("/") ? match.replace(/[^\n]/g, " ") : match,
  );
}

/** Import alias → import path; an unaliased import is named by its last path element (true of these files). */
function parseImports(source: string): Map<string, string> {
  const imports = new Map<string, string>();
  const block = /^import\s*\(([\s\S]*?)^\)/m.exec(source)?.[1] ?? "";
  const single = [...source.matchAll(/^import\s+((?:\w+\s+)?"[^"]+")/gm)].map((m) => m[1]);
  for (const line of [...block.split("\n"), ...single]) {
    const found = /^\s*(?:(\w+)\s+)?"([^"]+)"/.exec(line ?? "");
    if (!found) continue;
    const path = found[2] as string;
    imports.set(found[1] ?? (path.split("/").pop() as string), path);
  }
  return imports;
}

function kindOfLoader(path: string | undefined, file: string): ComponentKind {
  const kind = path?.startsWith(LOADER_PACKAGE) ? path.slice(LOADER_PACKAGE.length).replaceAll("/", ".") : undefined;
  if (!kind || !(COMPONENT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`${file}: registry package ${path ?? "(not imported)"} is not a known component kind`);
  }
  return kind as ComponentKind;
}

/** The arguments of the call whose opening parenthesis ends just before `start`, split at top-level commas. */
function callArguments(source: string, start: number): string[] {
  const args: string[] = [];
  let depth = 1;
  let current = "";
  const literalOrComment = /"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
  for (let i = start; i < source.length; i++) {
    const char = source[i] as string;
    literalOrComment.lastIndex = i;
    const skipped = literalOrComment.exec(source)?.[0];
    if (skipped) {
      current += skipped;
      i += skipped.length - 1;
      continue;
    }
    if ("({[".includes(char)) depth++;
    if (")}]".includes(char)) depth--;
    if (depth === 0) {
      args.push(current.trim());
      return args.filter((arg) => arg !== "");
    }
    if (char === "," && depth === 1) {
      args.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  throw new Error("unterminated Register call");
}

function stringLiteral(text: string | undefined, file: string): string {
  const found = /^"([^"\\]*)"$/.exec(text ?? "");
  if (!found) throw new Error(`${file}: expected a string literal component name, found ${text}`);
  return found[1] as string;
}

function contribPackages(code: string, imports: ReadonlyMap<string, string>): string[] {
  const packages = new Set<string>();
  for (const [, alias] of code.matchAll(/\b(\w+)\.\w+/g)) {
    const path = imports.get(alias as string);
    if (path?.startsWith(CONTRIB_MODULE)) packages.add(path.slice(CONTRIB_MODULE.length));
  }
  return [...packages].sort();
}

/** The constructors of a components.Versioning{Preferred: …, Deprecated: […], Others: […], Default: "v1"} literal. */
function versioned(literal: string | undefined, imports: ReadonlyMap<string, string>): RegisteredConstructor[] {
  const constructors: RegisteredConstructor[] = [];
  const role = /\b(Preferred|Deprecated|Others)\s*:/g;
  const starts = [...(literal ?? "").matchAll(role)];
  starts.forEach((start, index) => {
    const section = (literal ?? "").slice(start.index, starts[index + 1]?.index);
    for (const found of section.matchAll(/Version:\s*"([^"]+)"\s*,\s*Constructor:\s*([\w.]+)/g)) {
      constructors.push({
        version: (found[1] as string).toLowerCase(),
        ...(start[1] === "Preferred" ? { preferred: true as const } : {}),
        ...(start[1] === "Deprecated" ? { deprecated: true as const } : {}),
        packages: contribPackages(found[2] as string, imports),
      });
    }
  });
  if (constructors.length === 0) throw new Error(`no versions found in ${literal}`);
  return constructors;
}
