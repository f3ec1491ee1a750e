// actionlint, the GitHub Actions workflow checker, pinned: the pull-request workflow Trellis ships is checked
// with it in the test suite.
import { run, type GoTool } from "./go-tool.ts";

export const ACTIONLINT: GoTool = {
  name: "actionlint",
  module: "github.com/rhysd/actionlint",
  installPath: "github.com/rhysd/actionlint/cmd/actionlint",
  version: "v1.7.12",
};

export interface ActionlintProblem {
  readonly filepath: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

/** Every problem actionlint finds in the workflow files; none is an empty list. */
export async function runActionlint(
  binary: string,
  files: readonly string[],
  cwd: string,
): Promise<ActionlintProblem[]> {
  try {
    const { stdout } = await run(binary, ["-format", "{{json .}}", ...files], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout || "[]") as ActionlintProblem[];
  } catch (error) {
    // actionlint exits 1 when it found problems; its report is still on stdout.
    const failed = error as { stdout?: string; stderr?: string; message: string };
    if (failed.stdout) return JSON.parse(failed.stdout) as ActionlintProblem[];
    throw new Error(`actionlint failed: ${failed.stderr || failed.message}`);
  }
}
