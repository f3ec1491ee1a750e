// What check reads and how it places what it finds: JSON manifests, Lists inside Lists, Helm chart folders and values
// files and kustomize overlays named as skipped (never reported clean), duplicate Components compared within one
// environment only, a URL's credentials with their own fix, and ApplicationSet findings inside the template.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, loadManifests } from "../../lib/manifests/load-manifests.ts";
import { runCli } from "../support/project.ts";
import { folderWith as filledFolder } from "../support/temp-folder.ts";

interface Report {
  findings: {
    rule: string;
    file: string;
    line: number;
    path: string;
    fix: string;
    message: string;
    severity: string;
  }[];
  skipped: { file: string; reason: string }[];
  summary: { objects: number; files: number; skipped: number };
}

const folderWith = (files: Record<string, string>) => filledFolder(files, "reading");

const check = async (folder: string, ...args: string[]) => {
  const run = await runCli(["check", folder, "--root", folder, "--format", "json", ...args]);
  return { ...run, report: JSON.parse(run.stdout) as Report };
};

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: apps}\ndata: {a: b}\n`;
const component = (name: string, extra = "") =>
  `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n  - {name: redisHost, value: "redis:6379"}${extra}\nscopes: [orders]\n`;

describe("trellis check reads every manifest and names every file it does not", () => {
  it("reads .json manifests and Lists inside Lists, each item at its own line", async () => {
    const folder = await folderWith({
      "objects.json": JSON.stringify(
        {
          apiVersion: "v1",
          kind: "List",
          items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "from-json", namespace: "apps" } }],
        },
        null,
        2,
      ),
      "nested.yaml": [
        "apiVersion: v1",
        "kind: List",
        "items:",
        "- apiVersion: v1",
        "  kind: List",
        "  items:",
        "  - apiVersion: v1",
        "    kind: Secret",
        "    metadata: {name: inner, namespace: apps}",
        "    data:",
        "      password: aHVudGVyMg==",
        "",
      ].join("\n"),
    });
    const { report } = await check(folder, "--profile", "dev");
    expect(report.summary).toMatchObject({ objects: 2, files: 2, skipped: 0 });
    const secret = report.findings.find((finding) => finding.rule === "secrets/plaintext");
    expect(secret).toMatchObject({ file: "nested.yaml", line: 10, path: "data" });
  });

  it("names files of other types, hidden files, Helm charts, values files and kustomize overlays, and reads plain kustomizations", async () => {
    const folder = await folderWith({
      "README.md": "# notes\n",
      "node_modules/some-package/package.json": '{"name": "some-package"}',
      ".hidden.yaml": configMap("hidden"),
      "chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\n",
      "chart/templates/deployment.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
      "values.yaml": "replicaCount: 2\nimage: {tag: latest}\n",
      "values-prod.yaml": "replicaCount: 3\n",
      "overlays/prod/kustomization.yaml": "resources: [../../base]\npatches: [{path: replicas.yaml}]\n",
      "overlays/prod/replicas.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 5}\n",
      "base/kustomization.yaml":
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [cm.yaml]\n",
      "base/cm.yaml": configMap("base"),
    });
    const { report } = await check(folder, "--profile", "dev");
    expect(
      Object.fromEntries(report.skipped.map((entry) => [entry.file, entry.reason.split(/[:(]/)[0]?.trim()])),
    ).toEqual({
      ".hidden.yaml": "hidden",
      "README.md": "not a .yaml, .yml or .json file",
      "node_modules/": "npm packages, not manifests",
      "chart/": "a Helm chart",
      "overlays/prod/": "a kustomize overlay",
      "values-prod.yaml": "Helm values, not a manifest",
      "values.yaml": "Helm values, not a manifest",
    });
    // The plain kustomization's file is read; nothing of the chart, the values or the overlay is taken for an object.
    expect(report.summary).toMatchObject({ objects: 1, files: 1, skipped: 7 });
    expect(report.findings.filter((finding) => finding.rule === "k8s/not-an-object")).toEqual([]);
    const text = await runCli(["check", folder, "--root", folder, "--profile", "dev"]);
    expect(text.stdout).toContain("skipped overlays/prod/: a kustomize overlay");
    expect(text.stdout).toMatch(/; 7 skipped$/m);
  });

  it("refuses a run that read nothing but skipped files, naming them", async () => {
    const folder = await folderWith({
      "chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\n",
      "chart/templates/a.yaml": "{{ x }}\n",
    });
    const run = await runCli(["check", folder, "--root", folder]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nothing was checked: no .yaml, .yml or .json file");
    expect(run.stderr).toContain("chart/: a Helm chart");
  });
});

describe("trellis check's input is bounded", () => {
  it("stops past the cap on files or bytes, saying what the cap is", async () => {
    const folder = await folderWith({ "a.yaml": configMap("a"), "b.yaml": configMap("b"), "c.yaml": configMap("c") });
    await expect(loadManifests([folder], folder, { files: 2, bytes: 1_000_000 })).rejects.toThrow(
      new InputError(
        `more than 2 files under ${folder}: trellis check reads at most 2 files and 1000000 bytes (1 MiB) in one run; check fewer folders at a time`,
      ),
    );
    await expect(loadManifests([folder], folder, { files: 10, bytes: 100 })).rejects.toThrow(
      /^more than 100 bytes of files under .*: trellis check reads at most 10 files and 100 bytes/,
    );
    expect((await loadManifests([folder], folder, { files: 3, bytes: 1_000 })).objects).toHaveLength(3);
    const others = await folderWith({ "a.yaml": configMap("a"), "1.txt": "", "2.txt": "", "3.txt": "" });
    await expect(loadManifests([others], others, { files: 2, bytes: 1_000_000 })).rejects.toThrow(
      /^more than 2 files that are not manifests under /,
    );
  });

  it("gives a JSON document for bad usage too, when JSON was asked for", async () => {
    const folder = await folderWith({ "a.yaml": configMap("a") });
    const run = await runCli(["check", folder, "--profile", "qa", "--format", "json"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatch(/--profile must be one of dev, staging, prod/);
  });
});

describe("rules place and scope their findings", () => {
  it("compares Components within one environment: not across unrelated folders or environments' projects", async () => {
    const application = (name: string, project: string, path: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: ${project}\n  source: {repoURL: https://example.com/x.git, path: ${path}, targetRevision: v1.0.0}\n  destination: {server: https://kubernetes.default.svc, namespace: apps}\n`;
    const folder = await folderWith({
      ".git/HEAD": "ref\n",
      "deploy/dev/argocd/runtime.yaml": application("dev-runtime", "dev", "deploy/dev/runtime"),
      "deploy/dev/argocd/apps.yaml": application("dev-apps", "dev", "deploy/dev/apps"),
      "deploy/prod/argocd/runtime.yaml": application("prod-runtime", "prod", "deploy/prod/runtime"),
      "deploy/dev/runtime/statestore.yaml": component("statestore"),
      "deploy/prod/runtime/statestore.yaml": component("statestore"),
      // The same environment's project, another layer: a real duplicate.
      "deploy/dev/apps/statestore.yaml": component("statestore"),
      // Two folders no Application syncs: unrelated.
      "loose/a/pubsub.yaml": component("pubsub"),
      "loose/b/pubsub.yaml": component("pubsub"),
    });
    const { report } = await check(join(folder, "deploy"), "--profile", "dev");
    const duplicates = report.findings.filter((finding) => finding.rule === "dapr/duplicate-component");
    expect(duplicates.map((finding) => finding.file)).toEqual(["deploy/dev/runtime/statestore.yaml"]);
    const loose = await check(join(folder, "loose"), "--profile", "dev");
    expect(loose.report.findings.filter((finding) => finding.rule === "dapr/duplicate-component")).toEqual([]);
  });

  it("tells a URL with credentials to drop its user info and use secretKeyRef", async () => {
    const folder = await folderWith({
      "store.yaml": component("statestore", '\n  - {name: redisHost, value: "redis://:hunter2@redis:6379"}'),
    });
    const { report } = await check(folder, "--profile", "dev");
    const inline = report.findings.find((finding) => finding.rule === "dapr/inline-secret");
    expect(inline).toMatchObject({ path: "spec.metadata[1].value", line: 9 });
    expect(inline?.fix).toMatch(/^Drop the user info from the URL and use secretKeyRef/);
    expect(inline?.message).toContain("a password in a URL");
  });

  it("points a finding on an ApplicationSet's template into the template", async () => {
    const folder = await folderWith({
      "appset.yaml": [
        "apiVersion: argoproj.io/v1alpha1",
        "kind: ApplicationSet",
        "metadata: {name: platform, namespace: argocd}",
        "spec:",
        "  generators: [{clusters: {}}]",
        "  template:",
        "    metadata:",
        "      name: '{{.name}}'",
        "      annotations:",
        "        argocd.argoproj.io/sync-wave: '1'",
        "    spec: {project: default, source: {repoURL: https://example.com/x.git, path: deploy, targetRevision: v1.0.0}, destination: {server: '{{.server}}', namespace: apps}}",
        "",
      ].join("\n"),
    });
    const { report } = await check(folder, "--profile", "dev");
    expect(report.findings.find((finding) => finding.rule === "argocd/appset-wave-ignored")).toMatchObject({
      line: 10,
      path: 'spec.template.metadata.annotations["argocd.argoproj.io/sync-wave"]',
    });
  });
});
