// Regenerates imports/<group>.ts, the typed classes of upstream CRDs, with `cdk8s import` from local CRD files.
// Run with `npm run import-crds` after changing a pinned CRD version; the output is committed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCHEMAS = resolve(import.meta.dirname, "../../../shared/schemas/crds-raw");

/** CRD files per API group; each group becomes one module. */
export const CRD_SOURCES: Readonly<Record<string, readonly string[]>> = {
  "dapr.io": [
    "dapr-v1.18.3/components.yaml",
    "dapr-v1.18.3/configuration.yaml",
    "dapr-v1.18.3/resiliency.yaml",
    "dapr-v1.18.3/subscription.yaml",
  ],
  "argoproj.io": ["argo-cd-v3.5.1/application-crd.yaml", "argo-cd-v3.5.1/appproject-crd.yaml"],
  "external-secrets.io": [
    "external-secrets-v2.9.0/external-secrets.io_externalsecrets.yaml",
    "external-secrets-v2.9.0/external-secrets.io_clustersecretstores.yaml",
  ],
  "opentelemetry.io": [
    "opentelemetry-operator-v0.158.0/opentelemetry.io_opentelemetrycollectors.yaml",
    "opentelemetry-operator-v0.158.0/opentelemetry.io_instrumentations.yaml",
  ],
};

const output = resolve(import.meta.dirname, "../../imports");
for (const [group, files] of Object.entries(CRD_SOURCES)) {
  const folder = mkdtempSync(join(tmpdir(), "trellis-crds-"));
  try {
    const combined = join(folder, `${group}.yaml`);
    writeFileSync(combined, files.map((file) => readFileSync(join(SCHEMAS, file), "utf8")).join("\n---\n"));
    execFileSync(
      "cdk8s",
      ["import", combined, "--language", "typescript", "--output", output, "--no-save", "--no-check-upgrade"],
      { stdio: "inherit" },
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
