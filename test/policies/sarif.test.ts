// SARIF from trellis check against the 2.1.0 schema with its formats checked (ajv-formats: uri, uri-reference,
// date-time): suppressions with their justification, a fingerprint on every result, each rule's help page, file
// names that need percent-encoding, skipped files as notifications, and an error run that is still one document.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { sarifUri } from "../../lib/report/sarif-report.ts";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  await readFile(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: true });
addFormats.default(ajv, ["uri", "uri-reference", "date-time"]);
const validate = ajv.compile(schema);

const store = (name: string, annotation?: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: ${name}\n${annotation ? `  annotations: {trellis.io/ignore: ${JSON.stringify(annotation)}}\n` : ""}spec:\n  provider: {vault: {server: "https://vault.example.com"}}\n`;

interface SarifResult {
  ruleId: string;
  partialFingerprints?: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  baselineState?: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

describe("trellis check --format sarif", () => {
  it("validates with formats checked, carrying suppressions, fingerprints, help pages and encoded file names", async () => {
    const folder = await testFolder("sarif");
    await mkdir(join(folder, "manifests with spaces"));
    await writeFile(
      join(folder, "manifests with spaces", "stores #1 é.yaml"),
      `${store("accepted", "secrets/cluster-store-unrestricted: reviewed")}---\n${store("open")}`,
    );
    await writeFile(join(folder, "notes.txt"), "not a manifest\n");
    const run = await runCli(["check", folder, "--root", folder, "--format", "sarif"]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const [first] = sarif.runs;
    const results = first.results as SarifResult[];
    expect(
      results.every((result) => /^[0-9a-f]{32}$/.test(Object.values(result.partialFingerprints ?? {})[0] ?? "")),
    ).toBe(true);
    const own = results.filter((result) => result.ruleId === "secrets/cluster-store-unrestricted");
    expect(own.map((result) => result.suppressions ?? [])).toEqual([
      [{ kind: "inSource", status: "accepted", justification: "reviewed" }],
      [],
    ]);
    expect(own.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(
      Array(2).fill("manifests%20with%20spaces/stores%20%231%20%C3%A9.yaml"),
    );
    expect(own.map((result) => result.locations[0]?.physicalLocation.region.startLine)).toEqual([6, 13]);
    for (const rule of first.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\/\S+#[a-z0-9-]+$/);
    expect(first.tool.driver.rules.find((rule: { id: string }) => rule.id === "k8s/pdb-missing").helpUri).toMatch(
      /docs\/policies\.md#k8spdb-missing$/,
    );
    expect(first.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: "note",
        locations: [{ physicalLocation: { artifactLocation: { uri: "notes.txt" } } }],
      }),
    ]);
  });

  it("marks baselined results as suppressed and unchanged, new ones as new", async () => {
    const folder = await testFolder("sarif");
    await writeFile(join(folder, "a.yaml"), store("old"));
    const baseline = join(folder, "baseline.json.txt");
    await runCli(["check", join(folder, "a.yaml"), "--write-baseline", baseline, "--reason", "accepted in review"]);
    await writeFile(join(folder, "a.yaml"), `${store("old")}---\n${store("new")}`);
    const sarif = JSON.parse(
      (await runCli(["check", join(folder, "a.yaml"), "--baseline", baseline, "--format", "sarif"])).stdout,
    );
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const states = (sarif.runs[0].results as SarifResult[])
      .filter((result) => result.ruleId === "secrets/cluster-store-unrestricted")
      .map((result) => [result.baselineState, result.suppressions?.[0]?.justification]);
    expect(states).toEqual([
      ["unchanged", "accepted in review"],
      ["new", undefined],
    ]);
  });

  it("is one valid document carrying the error when the run stops (exit 2)", async () => {
    const run = await runCli(["check", join(tmpdir(), "trellis-no-such-folder"), "--format", "sarif"]);
    expect(run.code).toBe(2);
    const sarif = JSON.parse(run.stdout);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].invocations[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: "error" }],
    });
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain("trellis-no-such-folder");
    const json = await runCli(["check", join(tmpdir(), "trellis-no-such-folder"), "--format", "json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: expect.stringContaining("no such file or folder"),
      findings: [],
    });
  });

  it("percent-encodes every file name into an RFC 3986 reference", () => {
    const validateUri = ajv.compile({ type: "string", format: "uri-reference" });
    for (const file of [
      "deploy/dev/apps/a.yaml",
      "a b/c.yaml",
      "prod: dapr chart: dapr/templates/x.yaml",
      "日本/ファイル.yaml",
      "100%/x[1].yaml",
      "/abs/path with space.yaml",
      "back\\slash.yaml",
      "a?b#c.yaml",
    ]) {
      expect(validateUri(sarifUri(file)), `${file} → ${sarifUri(file)}`).toBe(true);
      expect(decodeURIComponent(sarifUri(file).replace(/^file:\/\//, "")), file).toBe(file.replaceAll("\\", "/"));
    }
    expect(sarifUri("prod: dapr chart: x.yaml")).toBe("prod%3A%20dapr%20chart%3A%20x.yaml");
  });
});
