// Without --root, a command works on the nearest folder up from the working folder that holds trellis.config.ts.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findProjectRoot, projectRoot } from "../../lib/cli/project-root.ts";
import { PROJECT_ROOT, runBinary } from "../support/project.ts";
import { folderWith, testFolder } from "../support/temp-folder.ts";

describe("the project root", () => {
  it("is the nearest folder up holding trellis.config.ts; --root wins; none found leaves the working folder", async () => {
    const project = await folderWith({ "trellis.config.ts": "export default {};\n", "apps/render/.keep": "" }, "root");
    const deep = join(project, "apps", "render");
    expect(findProjectRoot(deep)).toBe(project);
    expect(findProjectRoot(project)).toBe(project);
    expect(projectRoot(undefined, deep)).toBe(project);
    expect(projectRoot("/elsewhere", deep)).toBe("/elsewhere");
    const loose = await testFolder("root");
    await mkdir(join(loose, "a", "b"), { recursive: true });
    expect(findProjectRoot(join(loose, "a", "b"))).toBeUndefined();
    expect(projectRoot(undefined, join(loose, "a", "b"))).toBe(join(loose, "a", "b"));
  });

  it("a command run from a subfolder of the project finds it; from outside any project it says what is missing", async () => {
    const inside = await runBinary(["graph", "--env", "dev", "--format", "json"], join(PROJECT_ROOT, "test", "cli"));
    expect(inside.code, inside.stderr).toBe(0);
    expect(JSON.parse(inside.stdout).environment).toBe("dev");
    const outside = await runBinary(["graph", "--env", "dev"], await testFolder("root"));
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/environments\/: \(folder\): folder environments\/ is missing under /);
  });
});
