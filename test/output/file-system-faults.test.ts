// File-system failures are messages: a full disk, a link loop, a folder where a file must go. synth prints one
// line naming the path, exits 2, and leaves the output as it was. The full disk is a real one: a small tmpfs
// mounted in a private mount namespace (root only, as the test machines run).
import { execFile } from "node:child_process";
import { chmod, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../lib/output/output-lock.ts";
import { copyProject, expectNoStackTrace, PROJECT_ROOT, readTree, runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";
import { runWithoutFileOverride } from "../support/without-file-override.ts";

const tempFolder = () => testFolder("fs-fault");

/** Runs synth on a tmpfs of `size` inside a private mount namespace; `prepare` runs there first. */
async function synthOnSmallDisk(
  root: string,
  size: string,
  prepare: string,
): Promise<{ code: number; stderr: string; listing: string; tree: string }> {
  const disk = await tempFolder();
  const out = join(disk, "deploy");
  const script = [
    "set -u",
    `mount -t tmpfs -o size=${size} tmpfs '${disk}'`,
    prepare.replaceAll("$OUT", out),
    `cd '${PROJECT_ROOT}'`,
    `'${process.execPath}' --import tsx bin/trellis.ts synth --root '${root}' --out '${out}' 2>"${disk}/stderr"; echo "exit=$?"`,
    `cat "${disk}/stderr"; echo "--listing"; ls -A '${out}'; echo "--tree"; cd '${out}' && find . -type f -exec md5sum {} + | sort`,
  ].join("\n");
  const { stdout } = await promisify(execFile)("unshare", ["-m", "sh", "-c", script], { maxBuffer: 16 * 1024 * 1024 });
  const [head = "", rest = ""] = stdout.split("--listing\n");
  const [listing = "", tree = ""] = rest.split("--tree\n");
  const code = Number(/exit=(\d+)/.exec(head)?.[1]);
  return { code, stderr: head.replace(/^exit=\d+\n/m, ""), listing, tree };
}

describe("a full disk", () => {
  it("synth into an empty output on a full disk: one line naming the folder, exit 2, nothing left behind", async () => {
    const project = await copyProject();
    const run = await synthOnSmallDisk(project.root, "200k", "mkdir -p $OUT");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^synth: cannot write .*\/deploy: ENOSPC .*; check that the folder is writable and has space\n$/,
    );
    expectNoStackTrace(run.stderr);
    expect(run.listing).toBe("");
  });

  it("synth over a previous output on a full disk leaves every previous file as it was", async () => {
    const project = await copyProject();
    // Every previous file differs from the new render, so nothing can be hard-linked and staging needs room.
    const previous = await tempFolder();
    await cp(project.deploy, previous, { recursive: true });
    for (const [path, text] of await readTree(previous)) await writeFile(join(previous, path), `${text}# previous\n`);
    const run = await synthOnSmallDisk(project.root, "1600k", `cp -r '${previous}' $OUT`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^synth: cannot write .*: ENOSPC .*; check that the folder is writable and has space\n$/,
    );
    expectNoStackTrace(run.stderr);
    expect(run.listing.split("\n").filter(Boolean).sort()).toEqual(["argocd", "dev", "prod", "staging"]);
    const { stdout: expected } = await promisify(execFile)("sh", [
      "-c",
      `cd '${previous}' && find . -type f -exec md5sum {} + | sort`,
    ]);
    expect(run.tree).toBe(expected);
  });
});

describe("permissions", () => {
  it("a declaration no one may read: one line naming it, exit 2, nothing written", async () => {
    const project = await copyProject();
    const before = await readTree(project.deploy);
    await chmod(join(project.root, "apps", "payment-api.ts"), 0o000);
    const run = await runWithoutFileOverride(["synth", "--root", project.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^synth: cannot read .*apps\/payment-api\.ts: EACCES .*; make it readable by this user; nothing was written\n$/,
    );
    expectNoStackTrace(run.stderr);
    expect(await readTree(project.deploy)).toEqual(before);
  });

  it("an output folder no one may write: one line naming it, exit 2, the output as it was", async () => {
    const project = await copyProject();
    const before = await readTree(project.deploy);
    await chmod(project.deploy, 0o555);
    try {
      const run = await runWithoutFileOverride(["synth", "--root", project.root]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^synth: cannot lock .*deploy: EACCES .*; nothing was written\. Make .*deploy writable by this user\n$/,
      );
      expectNoStackTrace(run.stderr);
    } finally {
      await chmod(project.deploy, 0o755);
    }
    expect(await readTree(project.deploy)).toEqual(before);
  });
});

describe("links and folders where files belong", () => {
  it("an output folder that is a link loop: one line, exit 2", async () => {
    const project = await copyProject();
    const folder = await tempFolder();
    const loop = join(folder, "deploy");
    await symlink(loop, loop);
    const run = await runCli(["synth", "--root", project.root, "--out", loop]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synth: cannot create .*deploy: ELOOP .*; nothing was written\n$/);
    expectNoStackTrace(run.stderr);
  });

  it("a folder where the output's lock file goes: one line naming it, exit 2, the output as it was", async () => {
    const project = await copyProject();
    await mkdir(join(project.deploy, LOCK_FILE));
    const before = await readTree(project.deploy);
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synth: cannot lock .*deploy: EISDIR .*; nothing was written/);
    expectNoStackTrace(run.stderr);
    expect(await readTree(project.deploy)).toEqual(before);
  });

  it("a declaration that is a link loop is named; a link to a declaration is read like the file", async () => {
    const project = await copyProject();
    await symlink(join(project.root, "apps", "loop.ts"), join(project.root, "apps", "loop.ts"));
    const looped = await runCli(["synth", "--root", project.root]);
    expect(looped.code).toBe(2);
    expect(looped.stderr).toMatch(
      /^synth: cannot read .*apps\/loop\.ts: ELOOP .*; make it readable by this user; nothing was written\n$/,
    );
    expectNoStackTrace(looped.stderr);

    await rm(join(project.root, "apps", "loop.ts"));
    const elsewhere = await tempFolder();
    await writeFile(
      join(elsewhere, "payment-api.ts"),
      await readFile(join(project.root, "apps", "payment-api.ts"), "utf8"),
    );
    await rm(join(project.root, "apps", "payment-api.ts"));
    await symlink(join(elsewhere, "payment-api.ts"), join(project.root, "apps", "payment-api.ts"));
    const linked = await runCli(["synth", "--root", project.root]);
    expect(linked.stderr).toBe("");
    expect(linked.code).toBe(0);
    expect(await readdir(join(project.deploy, "prod", "apps"))).toContain("deployment-payment-api.yaml");
  });
});
