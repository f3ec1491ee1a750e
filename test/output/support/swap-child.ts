// A child process that writes a fixed set of folders into an output folder with replaceFolders, and kills
// itself with SIGKILL right after the swap step it is told (by number or name), or runs to the end.
// Usage: swap-child.ts OUT VARIANT [KILL_AT_STEP|-] [LOCK_WAIT_MS] [ENV,ENV...]
import { RENDER_HEADER } from "../../../lib/output/ownership.ts";
import { replaceFolders } from "../../../lib/output/replace-folders.ts";

export const ENVIRONMENTS = ["dev", "prod", "staging"] as const;

/** The folders one run writes: every file names the run's variant, so a mixed tree shows at once. */
export function foldersOf(variant: string, environments: readonly string[] = ENVIRONMENTS) {
  return environments.map((name) => ({
    name,
    files: Array.from({ length: 5 }, (_, index) => ({
      path: `layer-${index % 2}/file-${index}.yaml`,
      content: `${RENDER_HEADER}${name} ${variant} ${index}\n`,
    })),
  }));
}

if (process.argv[1]?.endsWith("swap-child.ts")) {
  const [out, variant, killAt, lockWait, only] = process.argv.slice(2) as [string, string, string?, string?, string?];
  let steps = 0;
  await replaceFolders(out, foldersOf(variant, only ? only.split(",") : ENVIRONMENTS), {
    prune: !only,
    lockWaitMs: Number(lockWait ?? 60_000),
    onStep: (step) => {
      steps += 1;
      process.stdout.write(`${step}\n`);
      if (killAt !== undefined && killAt !== "-" && (steps === Number(killAt) || step === killAt))
        process.kill(process.pid, "SIGKILL");
    },
  }).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  });
}
