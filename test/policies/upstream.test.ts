// Every rule names where upstream shows the behaviour it guards against: a line of source at the pinned tag, or an
// issue. The catalogue prints them, and the lines in the release sources beside the project are read back.
import { blueprint } from "../../blueprint.ts";
import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { policyCatalogue } from "../../policies/catalogue.ts";
import { upstreamLink, upstreamProblems, type UpstreamReference } from "../../lib/policies/rule.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const RULES = blueprint.rules;

/** Rules about Trellis's own annotations have nothing upstream to point at. */
const upstreamRules = RULES.filter((rule) => !rule.id.startsWith("trellis/"));

/** Release source archives beside the project (../shared/sources), by repository and tag. */
const ARCHIVES: Readonly<Record<string, { readonly archive: string; readonly folder: string }>> = {
  "argoproj/argo-cd@v3.5.1": { archive: "argo-cd-3.5.1.tar.gz", folder: "argo-cd-3.5.1" },
  "open-telemetry/opentelemetry-operator@v0.158.0": {
    archive: "opentelemetry-operator-0.158.0.tar.gz",
    folder: "opentelemetry-operator-0.158.0",
  },
  "external-secrets/external-secrets@v2.9.0": {
    archive: "external-secrets-2.9.0.tar.gz",
    folder: "external-secrets-2.9.0",
  },
};

describe("upstream references", () => {
  it.each(upstreamRules.map((rule) => rule.id))("%s names upstream code at a tag, or an issue", (id) => {
    const rule = upstreamRules.find((candidate) => candidate.id === id);
    expect(upstreamProblems({ id, upstream: rule?.upstream })).toEqual([]);
  });

  it("fail a rule without one, a branch instead of a tag, a line that is not one, an issue that is not owner/name#number", () => {
    expect(upstreamProblems({ id: "x/none", upstream: undefined })).toEqual(["x/none names no upstream code or issue"]);
    expect(upstreamProblems({ id: "x/empty", upstream: [] })).toEqual(["x/empty names no upstream code or issue"]);
    expect(
      upstreamProblems({
        id: "x/branch",
        upstream: [{ repository: "dapr/dapr", tag: "master", file: "pkg/acl/acl.go", line: 0 }],
      }),
    ).toEqual(['x/branch: "master" is not a release tag', "x/branch: line 0 is not a line number"]);
    expect(upstreamProblems({ id: "x/issue", upstream: [{ issue: "dapr#7180" }] })).toEqual([
      'x/issue: "dapr#7180" is not owner/name#number',
    ]);
  });

  it("are printed in docs/policies.md as links, for every rule", () => {
    const catalogue = policyCatalogue(RULES);
    for (const rule of upstreamRules)
      for (const reference of rule.upstream ?? []) expect(catalogue, rule.id).toContain(upstreamLink(reference));
    expect(upstreamLink({ issue: "argoproj/argo-cd#11510" })).toBe(
      "[argoproj/argo-cd#11510](https://github.com/argoproj/argo-cd/issues/11510)",
    );
  });

  it("point at lines that exist, where the release source is here to read", async () => {
    const sources = join(PROJECT_ROOT, "..", "shared", "sources");
    const checked: string[] = [];
    for (const rule of upstreamRules) {
      for (const reference of (rule.upstream ?? []).filter(
        (candidate): candidate is Extract<UpstreamReference, { file: string }> => "file" in candidate,
      )) {
        const source = ARCHIVES[`${reference.repository}@${reference.tag}`];
        if (
          !source ||
          !(await access(join(sources, source.archive)).then(
            () => true,
            () => false,
          ))
        )
          continue;
        const { stdout } = await promisify(execFile)(
          "tar",
          ["-xzOf", join(sources, source.archive), `${source.folder}/${reference.file}`],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        const line = stdout.split("\n")[reference.line - 1] ?? "";
        expect(line.trim(), `${rule.id}: ${reference.file}:${reference.line}`).not.toBe("");
        checked.push(`${rule.id} ${reference.file}:${reference.line}`);
      }
    }
    // Argo CD's and the operator's references at least: they are the ones the rules lean on most.
    expect(checked.length).toBeGreaterThan(15);
  });
});
