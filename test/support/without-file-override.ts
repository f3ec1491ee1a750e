// Runs the trellis CLI as root without the capabilities that let root read and write any file
// (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a file's mode applies to it as to any user: a real EACCES.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "./project.ts";

export async function runWithoutFileOverride(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = [
    "--bounding-set=-dac_override,-dac_read_search",
    process.execPath,
    "--import",
    "tsx",
    join(PROJECT_ROOT, "bin", "trellis.ts"),
    ...args,
  ];
  return promisify(execFile)("setpriv", command, { cwd: PROJECT_ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}
