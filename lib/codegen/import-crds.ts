// Regenerates imports/<group>.ts, the typed classes of upstream CRDs, with `cdk8s import` from local CRD files.
// Run with `npm run import-crds` after changing a pinned CRD version; the output is committed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCHEMAS = resolve(import.meta.dirname, "../../../shared/schemas/crds-raw");

/** CRD files per API group; each group becomes one module. */
export const CRD_SOURCES: Readonly<Record<string, readonly string[]>> = {
  "dapr.io": ["dapr-v1.18.3/components.yaml", "dapr-v1.18.3/configuration.yaml", "dapr-v1.18.3/resiliency.yaml", "dapr-v1.18.3/subscription.yaml"],
};

const output = resolve(import.meta.dirname, "../../imports");
for (const [group, files] of Object.entries(CRD_SOURCES)) {
  const folder = mkdtempSync(join(tmpdir(), "trellis-crds-"));
  try {
    const combined = join(folder, `${group}.yaml`);
    writeFileSync(combined, files.map((file) => readFileSync(join(SCHEMAS, file), "utf8")).join("\n---\n"));
    execFileSync("cdk8s", ["import", combined, "--language", "typescript", "--output", output, "--no-save", "--no-check-upgrade"], { stdio: "inherit" });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
