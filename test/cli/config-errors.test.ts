// A wrong trellis.config.ts is reported as `trellis.config.ts: <field path>: <what is wrong>; <what to do>`, one line
// per problem: zod's own wording never reaches the reader without the file, the field and the fix.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.ts";
import { DeclarationError } from "../../lib/declarations/problems.ts";
import { expectNoStackTrace, runCli } from "../support/project.ts";
import { folderWith } from "../support/temp-folder.ts";

const BAD = `export default {
  validation: { kubernetesVersion: "1.36", schemaLocations: [], crdFolder: ["crds"] },
  charts: { cache: 42 },
  check: { overrides: [{ rules: ["k8s/image-unpinned"], severity: "loud", reason: " " }] },
  argocd: { instal: {} },
};
`;

/** zod's messages as zod words them. */
const ZOD = /Invalid input|Too small|Too big|Unrecognized key|expected .*, received/;

async function problems(config: string): Promise<string[]> {
  const root = await folderWith({ "trellis.config.ts": config }, "config");
  try {
    await loadConfig(root);
  } catch (error) {
    if (error instanceof DeclarationError) return error.message.split("\n");
    throw error;
  }
  return [];
}

describe("trellis.config.ts problems", () => {
  it("name the file, the field, what is wrong and what to do, in zod's stead", async () => {
    const lines = await problems(BAD);
    expect(lines).toEqual([
      'trellis.config.ts: argocd.instal: unknown field "instal"; did you mean "install"? the fields here are: builtInHealthScripts, install',
      "trellis.config.ts: charts.cache: number 42 where a string belongs; give a string",
      "trellis.config.ts: check.overrides[0].reason: is empty; say why; the reason is shown with every finding this entry touches",
      'trellis.config.ts: check.overrides[0].severity: string "loud" is not allowed; use one of "off", "warning", "error"',
      'trellis.config.ts: validation.crdFolder: unknown field "crdFolder"; did you mean "crdFolders"? the fields here are: kubernetesVersion, schemaLocations, crdFolders',
      'trellis.config.ts: validation.kubernetesVersion: string "1.36" is not in the expected form; give a version such as "1.36.0"',
      "trellis.config.ts: validation.schemaLocations: has 0 item(s); give at least one schema location",
    ]);
    for (const line of lines) {
      expect(line).toMatch(/^trellis\.config\.ts: [\w.[\]"]+: [^;]+; .+$/);
      expect(line).not.toMatch(ZOD);
    }
  });

  it("a missing section and a default export that is not the settings say so too", async () => {
    expect(await problems("export default { charts: { cache: 'x' } };\n")).toEqual([
      "trellis.config.ts: validation: missing; add it (an object); see the TrellisConfig type in lib/config.ts",
    ]);
    expect(await problems('export default "settings";\n')).toEqual([
      'trellis.config.ts: (file): its default export is string "settings", not the settings; write export default { validation: { ... } } satisfies TrellisConfig',
    ]);
  });

  it("reach the user through the CLI the same way, without a stack", async () => {
    const root = await folderWith({ "trellis.config.ts": BAD }, "config");
    const run = await runCli(["validate", "--root", root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("trellis.config.ts: charts.cache: number 42 where a string belongs; give a string");
    expect(run.stderr).not.toMatch(ZOD);
    expectNoStackTrace(run.stderr);
  });

  it("a good config loads", async () => {
    expect(
      await problems('export default { validation: { kubernetesVersion: "1.36.0", schemaLocations: ["x"] } };\n'),
    ).toEqual([]);
  });
});
