// The project's import graph, read with TypeScript's own pre-processor, and the floor plan's rules over it.
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";

/** One import: the importing file and the imported one, both relative to the project root. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Every relative import (static, dynamic and type-only) of the given files. */
export function importGraph(root: string, files: readonly string[]): ImportEdge[] {
  return files.flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
    return importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith("./") || name.startsWith("../"))
      .map((name) => ({ from: file, to: relative(root, normalize(join(root, dirname(file), name))) }));
  });
}

const DECLARATION_FOLDERS = ["environments", "apps", "components", "resiliency"];
/** Where the declaration kinds' schemas live: the one engine folder declarations may import. */
const DECLARATION_SCHEMAS = "lib/model/declarations/";
/** Files that may import the composition root: the programs that start Trellis. */
const ENTRY_POINTS = ["bin/trellis.ts", "argocd/bootstrap/index.ts", "policies/policy-docs.ts"];

const top = (path: string) => path.split("/")[0] ?? "";
const isRenderOrGate = (path: string) =>
  path.split("/").some((part) => part === "render" || part === "gates") || path === "lib/synth.ts";

/** Each broken rule, one line per import, naming the rule. */
export function floorPlanViolations(edges: readonly ImportEdge[]): string[] {
  const violations: string[] = [];
  for (const { from, to } of edges) {
    const edge = `${from} imports ${to}`;
    if (top(from) === "lib" && !(top(to) === "lib" || top(to) === "imports" || to === "versions.ts"))
      violations.push(`engine imports outside lib/: ${edge}`);
    if (top(from) === "policies" && isRenderOrGate(to)) violations.push(`rule imports a renderer or a gate: ${edge}`);
    if (DECLARATION_FOLDERS.includes(top(from)) && !(to.startsWith(DECLARATION_SCHEMAS) || top(to) === top(from)))
      violations.push(`declaration imports code other than its schema: ${edge}`);
    if (to === "blueprint.ts" && top(from) !== "test" && !ENTRY_POINTS.includes(from))
      violations.push(`only entry points import the composition root: ${edge}`);
  }
  for (const cycle of importCycles(edges)) violations.push(`import cycle: ${cycle.join(" -> ")}`);
  return violations;
}

/** Each cycle once, as the files of a strongly connected component (Tarjan), starting at its smallest name. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, index.get(target) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    const selfImport = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfImport) cycles.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}
