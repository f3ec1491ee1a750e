// `trellis check -` and `trellis check /dev/stdin` read manifests from standard input: in process from a string, and
// through the real binary from a pipe, bound to a deadline.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { expectNoStackTrace, PROJECT_ROOT } from "../support/project.ts";
import { folderWith } from "../support/temp-folder.ts";
import { runWith } from "./run-with.ts";

const UNSCOPED = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore, namespace: apps}
spec: {type: state.redis, version: v1, metadata: [{name: redisHost, value: "redis:6379"}]}
`;
const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: apps}
`;
/** Two documents, one of them a List: read as a file would be. */
const MANIFESTS = `${NAMESPACE}---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings, namespace: apps}
    data: {mode: fast}
---
${UNSCOPED}`;

describe("trellis check - (standard input)", () => {
  it("checks the manifests piped in, under the name (stdin), with each finding's line", async () => {
    for (const operand of ["-", "/dev/stdin"]) {
      const run = await runWith(["check", operand, "--format", "json"], { stdin: MANIFESTS });
      expect(run.code, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.summary).toMatchObject({ files: 1, objects: 3 });
      const unscoped = report.findings.find((finding: { rule: string }) => finding.rule === "dapr/component-unscoped");
      expect(unscoped).toMatchObject({ file: "(stdin)", line: 13, kind: "Component", name: "statestore" });
    }
  });

  it("reads standard input beside files and folders, as one run", async () => {
    const folder = await folderWith({ "namespace.yaml": NAMESPACE });
    const run = await runWith(["check", folder, "-", "--format", "json"], { stdin: UNSCOPED });
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ files: 2, objects: 2 });
    expect(new Set(report.findings.map((finding: { file: string }) => finding.file))).toContain("(stdin)");
  });

  it("an empty or broken standard input is an input problem: exit 2, one line, no stack", async () => {
    const empty = await runWith(["check", "-"], { stdin: "" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("nothing was checked");
    const absent = await runWith(["check", "-"], {});
    expect(absent.code).toBe(2);
    const broken = await runWith(["check", "-"], { stdin: "kind: [unclosed\n" });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^trellis check: \(stdin\):\d+: /);
    expectNoStackTrace(broken.stderr);
  });

  it("standard input is read only when asked for: a folder alone does not touch it", async () => {
    const folder = await folderWith({ "namespace.yaml": NAMESPACE });
    const run = await runWith(["check", folder, "--format", "json"], {
      stdin: () => {
        throw new Error("standard input was read");
      },
    });
    expect(run.code, run.stderr).toBe(0);
  });

  it("through the real binary: cat file | trellis check -", async () => {
    const folder = await folderWith({ "manifests.yaml": MANIFESTS });
    const file = join(folder, "manifests.yaml");
    const bin = join(PROJECT_ROOT, "bin", "trellis.ts");
    const pipe = (operand: string) =>
      promisify(execFile)(
        "bash",
        ["-c", `cat '${file}' | npx --no-install tsx '${bin}' check ${operand} --format json`],
        { cwd: PROJECT_ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      ).then(
        () => ({ code: 0, stdout: "" }),
        (error: { code: number; stdout: string; killed?: boolean }) => ({
          code: error.killed ? -1 : error.code,
          stdout: error.stdout,
        }),
      );
    for (const operand of ["-", "/dev/stdin"]) {
      const run = await pipe(operand);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).summary).toMatchObject({ files: 1, objects: 3 });
    }
  });
});
