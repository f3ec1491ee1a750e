// A problem in the declarations: which file, which field, what is wrong and what to do.
import { sortBy } from "../sort.ts";

export interface Problem {
  /** Path of the declaration file, relative to the project root, with '/' separators. */
  readonly file: string;
  /** Field path inside the declaration, e.g. "invokes[0].method"; "(file)" for the file as a whole. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

export function fieldPath(segments: readonly PropertyKey[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path === "" ? "(file)" : path;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** Thrown when declarations cannot become a model; carries every problem found, not just the first. */
export class DeclarationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(sortProblems(problems).map(formatProblem).join("\n"));
    this.name = "DeclarationError";
  }
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return sortBy(problems, formatProblem);
}

/** Collects problems while checking, then throws them together. */
export class ProblemList {
  readonly items: Problem[] = [];
  add(file: string, path: readonly PropertyKey[] | string, message: string): void {
    this.items.push({ file, path: typeof path === "string" ? path : fieldPath(path), message });
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw new DeclarationError(this.items);
  }
}
