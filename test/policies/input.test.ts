// `trellis check` on any input: the same answer from any working folder, links followed, Lists expanded,
// documents that are not objects reported, and unreadable or hostile input refused with exit 2 and one line.
import { blueprint } from "../../blueprint.ts";
import { mkdir, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { synth } from "../../lib/synth.ts";
import { copyProject, runBinary, runCli } from "../support/project.ts";
import { folderWith, testFolder } from "../support/temp-folder.ts";

const json = (stdout: string) =>
  JSON.parse(stdout) as {
    summary: { errors: number; warnings: number; objects: number };
    findings: { rule: string; file: string; line: number; path: string; severity: string }[];
  };

/** A rendered copy of the reference platform inside a git work tree (a `.git` folder marks its root). */
async function renderedRepository(): Promise<string> {
  const project = await copyProject();
  await synth(blueprint, project.root, project.deploy);
  await mkdir(join(project.root, ".git"));
  return project.root;
}

describe("trellis check answers the same from any working folder", () => {
  it("gives byte-identical JSON from the repository root, from inside deploy/, and with absolute paths", async () => {
    const root = await renderedRepository();
    const fromRoot = await runBinary(
      ["check", "deploy/staging", "deploy/argocd", "--profile", "staging", "--format", "json"],
      root,
    );
    const fromDeploy = await runBinary(
      ["check", "staging", "argocd", "--profile", "staging", "--format", "json"],
      join(root, "deploy"),
    );
    const absolute = await runBinary(
      ["check", join(root, "deploy/staging"), join(root, "deploy/argocd"), "--profile", "staging", "--format", "json"],
      tmpdir(),
    );
    expect(fromRoot.stderr).toBe("");
    expect(fromDeploy.stdout).toBe(fromRoot.stdout);
    expect(absolute.stdout).toBe(fromRoot.stdout);
    const report = json(fromRoot.stdout);
    expect(report.summary.errors).toBe(0);
    expect(
      report.findings.every(
        (finding) => finding.file.startsWith("deploy/staging/") || finding.file.startsWith("deploy/argocd/"),
      ),
    ).toBe(true);
    expect(fromRoot.code).toBe(0);
  });

  it("checking deploy/ without paths gives the same answer from inside deploy/ with --root ..", async () => {
    const root = await renderedRepository();
    const fromRoot = await runBinary(["check", "--format", "json"], root);
    const fromDeploy = await runBinary(["check", "--root", "..", "--format", "json"], join(root, "deploy"));
    expect(fromDeploy.stdout).toBe(fromRoot.stdout);
    expect(json(fromRoot.stdout).summary.errors).toBe(0);
  });

  it("matches an Application's source.path from the repository root, by whole segments", async () => {
    const owned = async (sourcePath: string) => {
      const folder = await folderWith({
        ".git/HEAD": "ref\n",
        "deploy/dev/argocd/app.yaml": `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: app, namespace: argocd}\nspec: {project: p, source: {repoURL: https://example.com/x.git, path: ${sourcePath}, targetRevision: v1.0.0}, destination: {server: https://kubernetes.default.svc, namespace: apps}}\n`,
        "deploy/dev/apps/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n",
      });
      const run = await runCli(["check", join(folder, "deploy"), "--format", "json"]);
      // An owned ConfigMap without a namespace lands in its Application's "apps", which nothing creates.
      return json(run.stdout).findings.some(
        (finding) => finding.rule === "argocd/namespace-missing" && finding.file === "deploy/dev/apps/cm.yaml",
      );
    };
    expect(await owned("deploy/dev/apps")).toBe(true);
    expect(await owned("dev/apps")).toBe(false); // a path that only ends like the file's folder
    expect(await owned("deploy/dev")).toBe(false); // a parent folder, without directory.recurse
    expect(await owned("deploy/dev/app")).toBe(false); // a prefix of a segment
  });
});

describe("trellis check handles every input", () => {
  const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: apps}\n`;

  it("follows linked files and folders, once each, and survives a link loop", async () => {
    const target = await folderWith({ "a.yaml": configMap("a"), "nested/b.yaml": configMap("b") });
    const links = await testFolder("links");
    await symlink(join(target, "a.yaml"), join(links, "a.yaml"));
    await symlink(join(target, "nested"), join(links, "nested"));
    await symlink(links, join(links, "loop"));
    await symlink(join(target, "a.yaml"), join(links, "again.yaml"));
    const run = await runCli(["check", links, "--format", "json", "--profile", "dev"]);
    expect(json(run.stdout).summary.objects).toBe(2);
  });

  it("refuses a link to nothing with exit 2 and one line", async () => {
    const folder = await folderWith({ "a.yaml": configMap("a") });
    await symlink(join(folder, "missing.yaml"), join(folder, "dangling.yaml"));
    const run = await runCli(["check", folder]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^trellis check: .*dangling\.yaml: no such file or folder \(or a link to nothing\) \(ENOENT\); fix the path\n$/,
    );
  });

  it("expands a List, so a Component inside it is checked like any other, at the line of its field", async () => {
    const folder = await folderWith({
      "list.yaml": [
        "apiVersion: v1",
        "kind: List",
        "items:",
        "  - apiVersion: v1",
        "    kind: Namespace",
        "    metadata: {name: apps}",
        "  - apiVersion: dapr.io/v1alpha1",
        "    kind: Component",
        "    metadata: {name: store, namespace: apps}",
        "    spec: {type: state.redis, version: v1, metadata: [{name: redisHost, value: redis:6379}, {name: redisPassword, value: hunter2}]}",
        "    scopes: [orders]",
        "",
      ].join("\n"),
    });
    const run = await runCli(["check", folder, "--format", "json"]);
    const inline = json(run.stdout).findings.filter((finding) => finding.rule === "dapr/inline-secret");
    expect(inline.map((finding) => `${basename(finding.file)}:${finding.line}:${finding.path}`)).toEqual([
      "list.yaml:10:spec.metadata[1].value",
    ]);
    expect(run.code).toBe(1);
  });

  it("reports a document that is not an object, naming the misspelt field", async () => {
    const folder = await folderWith({
      "cm.yaml": `${configMap("a")}---\napiVersion: v1\nKind: ConfigMap\nmetadata: {name: b}\n---\n- just\n- a list\n`,
    });
    const run = await runCli(["check", folder, "--format", "json", "--profile", "dev"]);
    const findings = json(run.stdout).findings.filter((finding) => finding.rule === "k8s/not-an-object");
    expect(findings.map((finding) => `${finding.line} ${finding.severity}`)).toEqual(["5 warning", "9 warning"]);
    expect(run.stdout).toContain('no kind (found \\"Kind\\": field names are case-sensitive)');
  });

  it("says when nothing was checked, with exit 2", async () => {
    const empty = await testFolder("empty");
    const none = await runCli(["check", empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`trellis check: nothing was checked: no .yaml, .yml or .json file in ${empty}\n`);
    const comments = await folderWith({ "only-comments.yaml": "# nothing here\n---\n" });
    const blank = await runCli(["check", comments]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain("nothing was checked: 1 file(s) but no Kubernetes object");
  });

  it("refuses a YAML alias bomb with exit 2 and one line instead of expanding it", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    const folder = await folderWith({
      "bomb.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${bomb.replaceAll("\n", "\n  ")}\n`,
    });
    const run = await runCli(["check", folder]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^trellis check: \S*bomb\.yaml:1: refused: Excessive alias count/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
