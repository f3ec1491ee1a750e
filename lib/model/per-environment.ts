// Picks the value of a per-environment map for one environment, and checks the map's keys.
import { DEFAULT_ENVIRONMENT_KEY } from "../declarations/fields.ts";
import type { ProblemList } from "../declarations/problems.ts";

/** The key that serves an environment: its own name if the map has it, else `default`. */
export function keyFor(map: Readonly<Record<string, unknown>>, environment: string): string {
  return Object.hasOwn(map, environment) ? environment : DEFAULT_ENVIRONMENT_KEY;
}

export function valueFor<T>(map: Readonly<Record<string, T>>, environment: string): T | undefined {
  return map[keyFor(map, environment)];
}

/** Every key must name a declared environment or be `default`; every environment must get a value. */
export function checkPerEnvironment(
  map: Readonly<Record<string, unknown>>,
  field: readonly PropertyKey[],
  file: string,
  environments: readonly string[],
  problems: ProblemList,
): void {
  const known = environments.join(", ");
  for (const key of Object.keys(map)) {
    if (key !== DEFAULT_ENVIRONMENT_KEY && !environments.includes(key)) {
      problems.add(
        file,
        [...field, key],
        `unknown environment "${key}"; declared environments are ${known} (or use "default")`,
      );
    }
  }
  for (const environment of environments) {
    if (valueFor(map, environment) === undefined) {
      problems.add(file, field, `no value for environment "${environment}"; add ${environment}: ... or default: ...`);
    }
  }
}
