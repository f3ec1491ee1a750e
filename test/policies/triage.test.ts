// Triage of check findings: an inline trellis.io/ignore annotation (a reason required), the project's overrides in
// trellis.config.ts, and a baseline recorded by fingerprint. Accepted findings are still counted in every format.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";
import { folderWith as filledFolder } from "../support/temp-folder.ts";

interface Report {
  findings: {
    rule: string;
    severity: string;
    file: string;
    line: number;
    path: string;
    fingerprint: string;
    suppression: { kind: string; justification: string } | null;
  }[];
  summary: { errors: number; warnings: number; suppressed: number; baselined: number };
}

const folderWith = (files: Record<string, string>) => filledFolder(files, "triage");

/** A ClusterSecretStore any namespace may use: one error in prod, at spec.conditions. */
const store = (name: string, annotation?: string) =>
  [
    "apiVersion: external-secrets.io/v1",
    "kind: ClusterSecretStore",
    "metadata:",
    `  name: ${name}`,
    ...(annotation === undefined ? [] : ["  annotations:", `    trellis.io/ignore: ${JSON.stringify(annotation)}`]),
    "spec:",
    "  provider:",
    "    vault: {server: https://vault.example.com, path: secret, version: v2, auth: {kubernetes: {mountPath: kubernetes, role: eso}}}",
    "",
  ].join("\n");

const report = async (args: string[]) => {
  const run = await runCli(["check", ...args, "--format", "json"]);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
};

describe("an inline trellis.io/ignore annotation", () => {
  it("suppresses the named rule's findings on its object, with the reason, and still counts them", async () => {
    const folder = await folderWith({
      "stores.yaml": `${store("shared", "secrets/cluster-store-unrestricted: the one store of the platform")}---\n${store("other")}`,
    });
    const { code, report: result } = await report([folder]);
    const own = result.findings.filter((finding) => finding.rule === "secrets/cluster-store-unrestricted");
    expect(own.map((finding) => finding.suppression)).toEqual([
      { kind: "annotation", justification: "the one store of the platform" },
      null,
    ]);
    expect(result.summary).toMatchObject({ errors: 1, suppressed: 1, baselined: 0 });
    expect(code).toBe(1);
    const text = await runCli(["check", folder]);
    expect(text.stdout).toContain("1 suppressed");
    expect(text.stdout).not.toContain("shared spec.conditions");
  });

  it("is refused without a reason: the finding stays, and the annotation itself is an error", async () => {
    const folder = await folderWith({ "store.yaml": store("shared", "secrets/cluster-store-unrestricted") });
    const { code, report: result } = await report([folder]);
    expect(
      result.findings.map((finding) => `${finding.rule} ${finding.line} ${finding.suppression === null}`).sort(),
    ).toEqual(["secrets/cluster-store-unrestricted 7 true", "trellis/ignore-invalid 6 true"]);
    expect(code).toBe(1);
  });

  it("is refused when it names a rule that does not exist, or no rule", async () => {
    for (const value of ["secret/cluster-store-unrestricted: typo", ": no rule", ""]) {
      const folder = await folderWith({ "store.yaml": store("shared", value) });
      const { report: result } = await report([folder]);
      expect(
        result.findings.filter((finding) => finding.rule === "trellis/ignore-invalid"),
        value,
      ).toHaveLength(1);
      expect(
        result.findings.find((finding) => finding.rule === "secrets/cluster-store-unrestricted")?.suppression,
      ).toBeNull();
    }
  });
});

describe("a finding's fingerprint", () => {
  it("stays the same when its object moves to other lines and another file, and differs for another object or field", async () => {
    const before = await folderWith({ "stores.yaml": store("vault") });
    const after = await folderWith({
      "elsewhere/moved.yml": `# moved\n\n${store("zzz")}---\n# and more lines above it\n${store("vault")}`,
    });
    const first = (await report([before])).report.findings.find(
      (finding) => finding.rule === "secrets/cluster-store-unrestricted",
    );
    const moved = (await report([after])).report.findings.filter(
      (finding) => finding.rule === "secrets/cluster-store-unrestricted",
    );
    const same = moved.find(
      (finding) =>
        finding.file.endsWith("moved.yml") &&
        finding.line !== first?.line &&
        finding.fingerprint === first?.fingerprint,
    );
    expect(same, JSON.stringify(moved)).toBeDefined();
    expect(new Set(moved.map((finding) => finding.fingerprint)).size).toBe(2);
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("the project's overrides (check.overrides in trellis.config.ts)", () => {
  const config = (overrides: string) =>
    `export default { validation: { kubernetesVersion: "1.36.0", schemaLocations: ["x"] }, check: { overrides: ${overrides} } };\n`;

  it("turn a rule off for the files a glob matches, with the reason, and change a severity elsewhere", async () => {
    const root = await folderWith({
      "trellis.config.ts": config(`[
        { rules: ["secrets/cluster-store-unrestricted"], paths: ["manifests/accepted/**"], severity: "off", reason: "reviewed: one store per cluster" },
        { rules: ["secrets/*"], paths: ["manifests/graded/*.yaml"], severity: "warning", reason: "staging stores only" },
      ]`),
      "manifests/accepted/deep/store.yaml": store("a"),
      "manifests/graded/store.yaml": store("b"),
      "manifests/other/store.yaml": store("c"),
    });
    const { code, report: result } = await report([join(root, "manifests"), "--root", root]);
    const byFile = Object.fromEntries(
      result.findings.map((finding) => [
        finding.file.split("/").slice(-2, -1)[0],
        `${finding.severity} ${finding.suppression?.kind ?? "-"} ${finding.suppression?.justification ?? "-"}`,
      ]),
    );
    expect(byFile).toEqual({
      deep: "error config reviewed: one store per cluster",
      graded: "warning - -",
      other: "error - -",
    });
    expect(result.summary).toMatchObject({ errors: 1, warnings: 1, suppressed: 1 });
    expect(code).toBe(1);
  });

  it("refuse a rule id that does not exist, and an entry without a reason, with exit 2", async () => {
    const unknown = await folderWith({
      "trellis.config.ts": config(`[{ rules: ["k8s/no-such-rule"], severity: "off", reason: "x" }]`),
      "store.yaml": store("a"),
    });
    const run = await runCli(["check", join(unknown, "store.yaml"), "--root", unknown]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('check.overrides[0].rules: "k8s/no-such-rule" is not a rule');
    const reasonless = await folderWith({
      "trellis.config.ts": config(`[{ rules: ["k8s/*"], severity: "off", reason: " " }]`),
      "store.yaml": store("a"),
    });
    const refused = await runCli(["check", join(reasonless, "store.yaml"), "--root", reasonless, "--format", "json"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("check.overrides[0].reason");
    expect(JSON.parse(refused.stdout).error).toContain("check.overrides[0].reason");
    const broken = await folderWith({
      "trellis.config.ts": "export default { check: { overrides: [ }\n",
      "store.yaml": store("a"),
    });
    const unloadable = await runCli(["check", join(broken, "store.yaml"), "--root", broken]);
    expect(unloadable.code).toBe(2);
    // Where and what, in the words of whatever compiles the file (esbuild under tsx, vite under vitest).
    expect(unloadable.stderr).toMatch(
      /^trellis check: trellis\.config\.ts: \(file\): does not load: [^\n\\]*(Unexpected|PARSE_ERROR)[^\n\\]*; fix the file\n$/,
    );
  });
});

describe("a baseline", () => {
  it("records today's findings, then reports only new ones, wherever the old ones moved", async () => {
    const folder = await folderWith({ "stores.yaml": store("vault") });
    // Beside the checked folder, not in it: check would read a .json file there.
    const baseline = join(await testFolder("baseline"), "baseline.json");
    const written = await report([folder, "--write-baseline", baseline, "--reason", "known before the audit"]);
    expect(written.code).toBe(0);
    expect(written.report.summary).toMatchObject({ errors: 0, baselined: 1 });
    const recorded = JSON.parse(await readFile(baseline, "utf8"));
    expect(recorded.findings).toEqual([
      expect.objectContaining({
        rule: "secrets/cluster-store-unrestricted",
        object: "ClusterSecretStore vault",
        path: "spec.conditions",
        reason: "known before the audit",
      }),
    ]);

    // The old finding moves to another file and line; a new one appears.
    await rm(join(folder, "stores.yaml"));
    await writeFile(join(folder, "moved.yaml"), `# moved\n${store("new-store")}---\n${store("vault")}`);
    const later = await report([folder, "--baseline", baseline]);
    expect(
      later.report.findings
        .filter((finding) => !finding.suppression)
        .map((finding) => finding.file.split("/").at(-1) + ":" + finding.line),
    ).toEqual(["moved.yaml:6"]);
    expect(later.report.findings.find((finding) => finding.suppression)?.suppression).toEqual({
      kind: "baseline",
      justification: "known before the audit",
    });
    expect(later.report.summary).toMatchObject({ errors: 1, baselined: 1 });
    expect(later.code).toBe(1);

    // Rewriting keeps the reasons of the findings it already held.
    await runCli(["check", folder, "--write-baseline", baseline]);
    const rewritten = JSON.parse(await readFile(baseline, "utf8")) as {
      findings: { object: string; reason: string }[];
    };
    expect(rewritten.findings.map((entry) => `${entry.object}: ${entry.reason}`).sort()).toEqual([
      "ClusterSecretStore new-store: accepted when the baseline was written",
      "ClusterSecretStore vault: known before the audit",
    ]);
  });

  it("that is not a baseline file stops the run with exit 2 and one line", async () => {
    const folder = await folderWith({ "store.yaml": store("a"), "not-a-baseline.json": '{"findings": 3}' });
    const run = await runCli(["check", join(folder, "store.yaml"), "--baseline", join(folder, "not-a-baseline.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("not a baseline");
  });
});
