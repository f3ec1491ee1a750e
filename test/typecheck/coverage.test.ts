// The type-check sees every TypeScript file of the repository: none is left out of tsconfig.json, and a type
// error in any folder fails it.
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const run = promisify(execFile);
const TSC = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");

describe("tsconfig.json", () => {
  it("takes in every TypeScript file git tracks", async () => {
    const { stdout: tracked } = await run("git", ["ls-files", "*.ts"], { cwd: PROJECT_ROOT });
    const { stdout: listed } = await run(process.execPath, [TSC, "--listFilesOnly", "-p", "tsconfig.json"], {
      cwd: PROJECT_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const inProgram = new Set(
      listed
        .split("\n")
        .filter(Boolean)
        .map((file) => relative(PROJECT_ROOT, file)),
    );
    const left = tracked
      .split("\n")
      .filter(Boolean)
      .filter((file) => !inProgram.has(file));
    expect(left).toEqual([]);
  });

  it("fails on a type error in a folder it used to leave out, with the same settings", async () => {
    const copy = await testFolder("typecheck");
    // The project's include and options; no node_modules in the copy, so no type libraries either.
    const config = JSON.parse(await readFile(join(PROJECT_ROOT, "tsconfig.json"), "utf8")) as {
      compilerOptions: Record<string, unknown>;
    };
    await writeFile(
      join(copy, "tsconfig.json"),
      JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, types: [] } }),
    );
    await mkdir(join(copy, "policies"));
    await writeFile(join(copy, "policies", "probe.ts"), 'export const count: number = "three";\n');
    const failed = await run(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], { cwd: copy }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toMatch(
      /^policies\/probe\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'\./m,
    );
  });
});
