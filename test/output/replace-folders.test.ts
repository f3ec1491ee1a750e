// Output folders: only Trellis-written folders are replaced or removed, all of them or none, and unchanged
// files keep their bytes and modification time.
import { blueprint } from "../../blueprint.ts";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RENDER_HEADER } from "../../lib/output/ownership.ts";
import { OutputError, replaceFolders } from "../../lib/output/replace-folders.ts";
import { synth } from "../../lib/synth.ts";
import { copyProject, readTree, runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const rendered = (text: string) => `${RENDER_HEADER}${text}\n`;
const folder = (name: string, files: Record<string, string>) => ({
  name,
  files: Object.entries(files).map(([path, text]) => ({ path, content: rendered(text) })),
});
const tempOut = () => testFolder("out");

describe("replacing output folders", () => {
  it("replaces a folder's whole content, dropping files no longer rendered, and counts what it did", async () => {
    const out = await tempOut();
    expect(
      await replaceFolders(out, [folder("dev", { "apps/a.yaml": "a", "apps/b.yaml": "b" })], { prune: false }),
    ).toEqual({ written: 2, kept: 0, removed: 0 });
    expect(await replaceFolders(out, [folder("dev", { "apps/a.yaml": "a2" })], { prune: false })).toEqual({
      written: 1,
      kept: 0,
      removed: 1,
    });
    expect(await readTree(out)).toEqual(new Map([["dev/apps/a.yaml", rendered("a2")]]));
  });

  it("rewrites only files whose bytes change; the others keep their modification time", async () => {
    const out = await tempOut();
    await replaceFolders(out, [folder("dev", { "a.yaml": "a", "b.yaml": "b" })], { prune: false });
    const before = (await stat(join(out, "dev/a.yaml"))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20)); // mtime resolution, not synchronisation
    const summary = await replaceFolders(out, [folder("dev", { "a.yaml": "a", "b.yaml": "b changed" })], {
      prune: false,
    });
    expect(summary).toEqual({ written: 1, kept: 1, removed: 0 });
    expect((await stat(join(out, "dev/a.yaml"))).mtimeMs).toBe(before);
    expect((await stat(join(out, "dev/b.yaml"))).mtimeMs).toBeGreaterThan(before);
  });

  it("leaves every folder untouched when writing fails part-way", async () => {
    const out = await tempOut();
    await replaceFolders(out, [folder("dev", { "x.yaml": "old" })], { prune: false });
    const before = await readTree(out);
    // A path that cannot be created: a file where a folder is needed.
    const failing = replaceFolders(
      out,
      [folder("dev", { "x.yaml": "new" }), folder("prod", { clash: "file", "clash/inner.yaml": "needs a folder" })],
      { prune: true },
    );
    await expect(failing).rejects.toThrow(/^cannot write .*: (ENOTDIR|EEXIST) .*; check that the folder is writable/);
    expect(await readTree(out)).toEqual(before);
    expect(await readdir(out)).toEqual(["dev"]);
  });

  it("puts every swapped folder back when a later swap fails, and leaves no staging folder or journal", async () => {
    const out = await tempOut();
    await replaceFolders(
      out,
      [
        folder("dev", { "x.yaml": "dev old" }),
        folder("prod", { "x.yaml": "prod old" }),
        folder("staging", { "x.yaml": "staging old" }),
      ],
      { prune: false },
    );
    const before = await readTree(out);
    // prod is already moved aside when its install fails: putting it back is part of the rollback.
    const failOnProd = (step: string) => {
      if (step === "moved-aside:prod")
        throw Object.assign(new Error("EPERM: operation not permitted, rename"), { code: "EPERM" });
    };
    const failing = replaceFolders(
      out,
      [
        folder("dev", { "x.yaml": "dev new" }),
        folder("prod", { "x.yaml": "prod new" }),
        folder("staging", { "x.yaml": "staging new" }),
      ],
      {
        prune: false,
        onStep: failOnProd,
      },
    );
    await expect(failing).rejects.toBeInstanceOf(OutputError);
    await expect(failing).rejects.toThrow(
      new RegExp(
        `^cannot replace ${out}/prod: EPERM .*; every folder under ${out} was put back as it was\\. Make .* writable`,
      ),
    );
    expect(await readTree(out)).toEqual(before);
    expect((await readdir(out)).sort()).toEqual(["dev", "prod", "staging"]);
  });

  it("refuses an output folder holding anything it did not write, and deletes nothing", async () => {
    const out = await tempOut();
    await mkdir(join(out, ".git"), { recursive: true });
    await writeFile(join(out, ".git", "HEAD"), "ref: refs/heads/main\n");
    await mkdir(join(out, "notes"));
    await writeFile(join(out, "notes", "todo.md"), "mine\n");
    await mkdir(join(out, "dev"));
    await writeFile(join(out, "dev", "x.yaml"), rendered("old"));
    const before = await readTree(out);
    const failing = replaceFolders(out, [folder("dev", { "x.yaml": "new" })], { prune: true });
    await expect(failing).rejects.toThrow(
      /holds notes\/todo\.md, which synth did not write; .*Move that out of .*, or choose another --out$/,
    );
    expect(await readTree(out)).toEqual(before);
  });

  it("refuses a Trellis folder where one file lacks the render header", async () => {
    const out = await tempOut();
    await replaceFolders(out, [folder("dev", { "x.yaml": "a" })], { prune: false });
    await writeFile(join(out, "dev", "hand-written.yaml"), "kind: ConfigMap\n");
    await expect(replaceFolders(out, [folder("dev", { "x.yaml": "b" })], { prune: false })).rejects.toThrow(
      /holds dev\/hand-written\.yaml, which synth did not write/,
    );
    expect((await readTree(out)).get("dev/hand-written.yaml")).toBe("kind: ConfigMap\n");
  });

  it("prunes only Trellis-written folders, never dot-folders, and removes an interrupted run's staging folder", async () => {
    const out = await tempOut();
    await replaceFolders(out, [folder("dev", { "x.yaml": "a" }), folder("qa", { "x.yaml": "q" })], { prune: false });
    await mkdir(join(out, ".git"));
    await writeFile(join(out, ".git", "HEAD"), "ref\n");
    await mkdir(join(out, ".trellis-staging-1-2", "new", "dev"), { recursive: true });
    await writeFile(join(out, ".trellis-staging-1-2", "new", "dev", "x.yaml"), rendered("half-way"));
    const summary = await replaceFolders(out, [folder("dev", { "x.yaml": "a" })], { prune: true });
    expect(summary).toEqual({ written: 0, kept: 1, removed: 1 });
    expect((await readdir(out)).sort()).toEqual([".git", "dev"]);
  });

  it("synth exits 2 with a clear message when the output folder cannot be created", async () => {
    const project = await copyProject();
    const blocker = join(project.root, "not-a-folder");
    await writeFile(blocker, "a file where the output folder should be");
    const run = await runCli(["synth", "--root", project.root, "--out", join(blocker, "deploy")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synth: cannot create .*not-a-folder\/deploy: .*; nothing was written$/m);
  });

  it("synth --out at the project root refuses and leaves the repository as it was", async () => {
    const project = await copyProject();
    await mkdir(join(project.root, ".git"));
    await writeFile(join(project.root, ".git", "HEAD"), "ref: refs/heads/main\n");
    const before = await readTree(project.root);
    const run = await runCli(["synth", "--root", project.root, "--out", project.root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^synth: .* holds apps\/.*, which synth did not write/m);
    expect(await readTree(project.root)).toEqual(before);
  });

  it("a full synth removes the folder of an environment that is no longer declared; --env leaves others", async () => {
    const project = await copyProject();
    await mkdir(join(project.deploy, "qa"), { recursive: true });
    await writeFile(join(project.deploy, "qa", "stale.yaml"), rendered("stale"));
    await synth(blueprint, project.root, project.deploy, { environments: ["dev"] });
    expect((await readdir(project.deploy)).sort()).toEqual(["argocd", "dev", "prod", "qa", "staging"]);
    await synth(blueprint, project.root, project.deploy);
    expect((await readdir(project.deploy)).sort()).toEqual(["argocd", "dev", "prod", "staging"]);
  });
});
