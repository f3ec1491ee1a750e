// Whether an output folder is whole: no synth left a swap unfinished, and every environment the
// ApplicationSet delivers has its folder. Readers (check) refuse to judge a partial output as if it were all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { DELIVERY_FOLDER } from "../model/layers.ts";
import { interruptedOutput } from "./swap-journal.ts";

interface ApplicationSetLike {
  kind?: string;
  spec?: { generators?: { clusters?: { values?: { environment?: unknown } } }[] };
}

/** Why the output cannot be judged as a whole, or undefined when it can. */
export function incompleteOutput(outDir: string): string | undefined {
  const interrupted = interruptedOutput(outDir);
  if (interrupted) {
    const missing =
      interrupted.missing.length > 0
        ? `; ${interrupted.missing.join(", ")} ${interrupted.missing.length === 1 ? "is" : "are"} not in place`
        : "";
    return `${outDir} holds an unfinished synth (${interrupted.journal})${missing}; run trellis synth to finish it, then check again`;
  }
  const missing = deliveredEnvironments(outDir).filter((environment) => !existsSync(join(outDir, environment)));
  if (missing.length > 0) {
    return `the ApplicationSet in ${join(outDir, DELIVERY_FOLDER)} delivers ${missing.join(", ")}, but ${missing.map((name) => `${name}/`).join(", ")} ${missing.length === 1 ? "is" : "are"} missing from ${outDir}; run trellis synth, then check again`;
  }
  return undefined;
}

/** Environments named by the generators of the ApplicationSets Trellis rendered into the delivery folder. */
function deliveredEnvironments(outDir: string): string[] {
  const folder = join(outDir, DELIVERY_FOLDER);
  if (!existsSync(folder)) return [];
  const names = new Set<string>();
  for (const file of readdirSync(folder).filter(
    (name) => name.startsWith("applicationset-") && name.endsWith(".yaml"),
  )) {
    for (const document of loadAll(readFileSync(join(folder, file), "utf8")) as ApplicationSetLike[]) {
      if (document?.kind !== "ApplicationSet") continue;
      for (const generator of document.spec?.generators ?? []) {
        const environment = generator.clusters?.values?.environment;
        if (typeof environment === "string") names.add(environment);
      }
    }
  }
  return [...names].sort();
}
