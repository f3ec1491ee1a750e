// trellis check --with-charts: every rule over each environment's inventory, chart objects attributed to their
// Application and synced in the wave of the layer that holds it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pathSegments } from "../../lib/manifests/field-lines.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";

describe("trellis check --with-charts", () => {
  it("checks the charts' objects as their Applications sync them", async () => {
    const run = await runCli(["check", "--with-charts", "--root", PROJECT_ROOT, "--format", "json"]);
    const report = JSON.parse(run.stdout) as {
      findings: {
        rule: string;
        severity: string;
        file: string;
        line: number;
        path: string;
        kind: string;
        name: string;
        suppression?: { kind: string; justification: string };
      }[];
      summary: { objects: number; suppressed: number };
    };
    // 682 objects: Trellis's 76 + 83 + 87 and the charts' (docs/inventory.md).
    expect(report.summary.objects).toBe(188 + 243 + 251);
    // Chart objects land after the namespaces layer creates their namespace: no namespace-missing, no wave-order.
    expect(
      report.findings.filter((finding) => ["argocd/namespace-missing", "argocd/wave-order"].includes(finding.rule)),
    ).toEqual([]);
    // What remains are real findings about the charts, named by chart and template. Prod's undigested chart images
    // are accepted in trellis.config.ts with the reason, so the run passes out of the box and still counts them.
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: "k8s/image-unpinned",
        severity: "error",
        file: "prod: dapr chart: dapr/charts/dapr_operator/templates/dapr_operator_deployment.yaml",
        name: "dapr-operator",
        suppression: { kind: "config", justification: expect.stringContaining("no registry is reachable") },
      }),
    );
    expect(report.findings.filter((finding) => finding.severity === "error" && !finding.suppression)).toEqual([]);
    // And the retries Trellis knows to be safe: its Resiliency says so in an annotation, one per environment.
    const retries = report.findings.filter((finding) => finding.rule === "dapr/retry-side-effect");
    expect(retries.map((finding) => finding.suppression?.kind)).toEqual(["annotation", "annotation", "annotation"]);
    expect(report.summary.suppressed).toBe(
      report.findings.filter((finding) => finding.rule === "k8s/image-unpinned" && finding.file.startsWith("prod: "))
        .length + retries.length,
    );
    expect(run.code).toBe(0);
    // Trellis's own objects point at their field's line in the rendered file, as check of deploy/ does.
    const own = report.findings.filter((finding) => finding.file.startsWith("deploy/") && finding.path !== "");
    expect(own.length).toBeGreaterThan(0);
    for (const finding of own) {
      const line = (await readFile(join(PROJECT_ROOT, finding.file), "utf8")).split("\n")[finding.line - 1] ?? "";
      // The field's own key, or a parent's where the field is missing.
      const keys = pathSegments(finding.path).filter((segment) => typeof segment === "string");
      expect(
        keys.some((key) => line.includes(`${key}:`)),
        `${finding.file}:${finding.line} ${finding.path}: ${line}`,
      ).toBe(true);
    }
  });
});
