// Checks a blueprint adds over the loaded declarations (Blueprint.declarationChecks): run after every declaration
// passed its schema and before the model is resolved. The engine knows only this shape, not what is checked.
import type { Declarations } from "./load-declarations.ts";
import { DeclarationError, type Problem } from "./problems.ts";

/** A problem a check found: an error stops the load like a schema problem; a warning is reported and passes. */
export interface CheckedProblem extends Problem {
  readonly severity: "error" | "warning";
}

/** Receives the declarations as the schemas made them; returns what is wrong with them, or nothing. */
export type DeclarationCheck = (declarations: Declarations) => readonly CheckedProblem[];

/** Runs every check; throws a DeclarationError with every error found, else returns the warnings. */
export function runDeclarationChecks(
  declarations: Declarations,
  checks: readonly DeclarationCheck[],
): readonly Problem[] {
  const found = checks.flatMap((check) => check(declarations));
  const strip = ({ file, path, message }: CheckedProblem): Problem => ({ file, path, message });
  const errors = found.filter((problem) => problem.severity === "error").map(strip);
  if (errors.length > 0) throw new DeclarationError(errors);
  return found.filter((problem) => problem.severity === "warning").map(strip);
}
