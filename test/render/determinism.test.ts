// Same declarations, same bytes: across runs, across file orders, and equal to the committed deploy/.
import { blueprint } from "../../blueprint.ts";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPlatform, synth } from "../../lib/synth.ts";
import { asTree, copyProject, PROJECT_ROOT, readTree } from "../support/project.ts";

describe("deterministic output", () => {
  it("renders identical bytes twice and with declaration files read in reverse order", async () => {
    const first = asTree((await renderPlatform(blueprint, PROJECT_ROOT)).folders);
    const second = asTree((await renderPlatform(blueprint, PROJECT_ROOT)).folders);
    const reversed = asTree((await renderPlatform(blueprint, PROJECT_ROOT, { fileOrder: "reversed" })).folders);
    expect(first.size).toBeGreaterThan(50);
    expect(second).toEqual(first);
    expect([...reversed.keys()]).toEqual([...first.keys()]);
    expect(reversed).toEqual(first);
  });

  it("writes the same tree to disk whichever order the files are read in", async () => {
    const project = await copyProject();
    const sortedOut = join(project.root, "out-sorted");
    const reversedOut = join(project.root, "out-reversed");
    await synth(blueprint, project.root, sortedOut);
    await synth(blueprint, project.root, reversedOut, { fileOrder: "reversed" });
    expect(await readTree(reversedOut)).toEqual(await readTree(sortedOut));
  });

  it("matches the committed deploy/ (run npm run synth and commit when this fails)", async () => {
    const committed = await readTree(join(PROJECT_ROOT, "deploy"));
    const rendered = asTree((await renderPlatform(blueprint, PROJECT_ROOT)).folders);
    expect([...committed.keys()]).toEqual([...rendered.keys()].sort());
    for (const [path, content] of rendered) expect(committed.get(path), path).toBe(content);
  });
});
