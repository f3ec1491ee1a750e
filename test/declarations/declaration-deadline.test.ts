// Declarations run in a worker with a deadline: one that never returns is stopped and named; values that
// are not plain data are refused with a message, never a stack trace; nothing is written in either case.
import { describe, expect, it } from "vitest";
import { appDeclaration } from "../support/declaration-builders.ts";
import { copyProject, readTree, runCli } from "../support/project.ts";

async function synthWith(file: string, source: string, timeoutSeconds = "2") {
  const project = await copyProject();
  const before = await readTree(project.deploy);
  await project.write(file, source);
  const started = performance.now();
  const run = await runCli(["synth", "--root", project.root, "--timeout", timeoutSeconds]);
  return {
    run,
    seconds: (performance.now() - started) / 1000,
    unchanged:
      (await readTree(project.deploy)).size === before.size &&
      [...(await readTree(project.deploy))].every(([path, text]) => before.get(path) === text),
  };
}

describe("a declaration that does not return", () => {
  it("an endless loop at load is stopped at the deadline and named, nothing written", async () => {
    const { run, unchanged } = await synthWith("apps/spinner.ts", "while (true) {}\nexport default {};\n");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^apps\/spinner\.ts: \(file\): evaluating the declaration did not finish within 2 s; .*--timeout$/m,
    );
    expect(run.stderr).toContain("nothing was written");
    expect(unchanged).toBe(true);
  });

  it("a promise that a live timer keeps pending is stopped at the deadline", async () => {
    const { run, unchanged } = await synthWith(
      "apps/waiter.ts",
      "export default new Promise(() => { setInterval(() => {}, 1000); });\n",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^apps\/waiter\.ts: \(file\): evaluating the declaration did not finish within 2 s/m);
    expect(unchanged).toBe(true);
  });

  it("a promise with nothing left to settle it is named at once, not at the deadline", async () => {
    const { run, seconds, unchanged } = await synthWith(
      "apps/waiter.ts",
      "export default new Promise(() => {});\n",
      "60",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^apps\/waiter\.ts: \(file\): evaluating the declaration did not finish: it waits on a promise that can never settle/m,
    );
    expect(seconds).toBeLessThan(60);
    expect(unchanged).toBe(true);
  });

  it("a default export that is a promise which settles is awaited (the twin that must pass the deadline)", async () => {
    const { run } = await synthWith(
      "apps/later-api.ts",
      `export default new Promise((resolve) => setTimeout(() => resolve(${JSON.stringify(appDeclaration({ id: "later-api" }))}), 50));\n`,
      "10",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("--timeout must be a number of seconds", async () => {
    const run = await runCli(["synth", "--timeout", "soon"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--timeout takes a number of seconds/);
  });
});

describe("a declaration that is not plain data", () => {
  it("a Proxy default export is read through the schema and comes back as plain data", async () => {
    const { run } = await synthWith(
      "apps/proxied-api.ts",
      `export default new Proxy(${JSON.stringify(appDeclaration({ id: "proxied-api" }))}, {});\n`,
      "10",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("a Proxy whose traps throw is a problem of that file", async () => {
    const { run, unchanged } = await synthWith(
      "apps/trap.ts",
      `export default new Proxy({}, { get() { throw new Error("trapped"); }, ownKeys() { throw new Error("trapped"); } });\n`,
      "10",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^apps\/trap\.ts(:\d+:\d+)?: \(file\): .*trapped/m);
    expect(unchanged).toBe(true);
  });

  it("a declaration that calls process.exit is named, and the command still reports", async () => {
    const { run, unchanged } = await synthWith("apps/quitter.ts", "process.exit(3);\nexport default {};\n", "10");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^apps\/quitter\.ts: \(file\): evaluating the declaration ended the process \(exit code 3\)/m,
    );
    expect(unchanged).toBe(true);
  });
});
