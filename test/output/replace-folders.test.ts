// Output folders are replaced whole or not at all; stale environments are removed by a full synth.
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError, replaceFolders } from "../../lib/output/replace-folders.ts";
import { synth } from "../../lib/synth.ts";
import { copyProject, readTree, runCli } from "../support/project.ts";

describe("replacing output folders", () => {
  it("replaces a folder's whole content, dropping files no longer rendered", async () => {
    const out = await mkdtemp(join(tmpdir(), "trellis-out-"));
    await replaceFolders(out, [{ name: "dev", files: [{ path: "apps/a.yaml", content: "a" }, { path: "apps/b.yaml", content: "b" }] }], { prune: false });
    await replaceFolders(out, [{ name: "dev", files: [{ path: "apps/a.yaml", content: "a2" }] }], { prune: false });
    expect(await readTree(out)).toEqual(new Map([["dev/apps/a.yaml", "a2"]]));
  });

  it("leaves every folder untouched when writing fails part-way", async () => {
    const out = await mkdtemp(join(tmpdir(), "trellis-out-"));
    await replaceFolders(out, [{ name: "dev", files: [{ path: "x.yaml", content: "old" }] }], { prune: false });
    const before = await readTree(out);
    // A path that cannot be created: a file where a folder is needed.
    const failing = replaceFolders(
      out,
      [
        { name: "dev", files: [{ path: "x.yaml", content: "new" }] },
        { name: "prod", files: [{ path: "clash", content: "file" }, { path: "clash/inner.yaml", content: "needs a folder" }] },
      ],
      { prune: true },
    );
    await expect(failing).rejects.toBeInstanceOf(OutputError);
    expect(await readTree(out)).toEqual(before);
    expect(await readdir(out)).toEqual(["dev"]);
  });

  it("synth exits 1 with a clear message when the output folder cannot be created", async () => {
    const project = await copyProject();
    const blocker = join(project.root, "not-a-folder");
    await writeFile(blocker, "a file where the output folder should be");
    const run = await runCli(["synth", "--root", project.root, "--out", join(blocker, "deploy")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^synth: cannot create .*not-a-folder\/deploy.*; no environment folder under .* was replaced$/m);
  });

  it("a full synth removes the folder of an environment that is no longer declared; --env leaves others", async () => {
    const project = await copyProject();
    await mkdir(join(project.deploy, "qa"), { recursive: true });
    await writeFile(join(project.deploy, "qa", "stale.yaml"), "stale");
    await synth(project.root, project.deploy, { environments: ["dev"] });
    expect((await readdir(project.deploy)).sort()).toEqual(["argocd", "dev", "prod", "qa", "staging"]);
    await synth(project.root, project.deploy);
    expect((await readdir(project.deploy)).sort()).toEqual(["argocd", "dev", "prod", "staging"]);
  });
});
