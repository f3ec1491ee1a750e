// argocd/project-denies on what an Application syncs: the files directly in its source.path, as Argo CD reads them.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const PROJECT = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: platform, namespace: argocd}
spec:
  sourceRepos: [https://example.com/platform.git]
  destinations: [{server: https://kubernetes.default.svc, namespace: apps}]
  clusterResourceWhitelist: [{group: "", kind: Namespace}]
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: apps, namespace: argocd}
spec:
  project: platform
  source: {repoURL: https://example.com/platform.git, path: deploy/apps, targetRevision: v1.0.0}
  destination: {server: https://kubernetes.default.svc, namespace: apps}
`;

describe("argocd/project-denies on synced objects", () => {
  it("reports an object in a namespace the project does not allow and a cluster-scoped kind it does not whitelist", async () => {
    const root = await testFolder("project");
    await mkdir(join(root, ".git"));
    await mkdir(join(root, "deploy", "apps"), { recursive: true });
    await writeFile(join(root, "deploy", "project.yaml"), PROJECT);
    await writeFile(
      join(root, "deploy", "apps", "role.yaml"),
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: secret-reader, namespace: default}\nrules: []\n",
    );
    await writeFile(
      join(root, "deploy", "apps", "clusterrole.yaml"),
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n",
    );
    await writeFile(
      join(root, "deploy", "apps", "configmap.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: apps}\n",
    );
    const run = await runCli(["check", join(root, "deploy"), "--profile", "dev", "--format", "json"]);
    const findings = (
      JSON.parse(run.stdout) as { findings: { rule: string; file: string; path: string; message: string }[] }
    ).findings.filter((finding) => finding.rule === "argocd/project-denies");
    expect(findings.map((finding) => `${finding.file} ${finding.path}: ${finding.message}`)).toEqual([
      "deploy/apps/clusterrole.yaml kind: cluster-scoped rbac.authorization.k8s.io/ClusterRole is not whitelisted by project platform: Argo CD refuses the sync of apps",
      "deploy/apps/role.yaml metadata.namespace: namespace default is not a destination of project platform: Argo CD refuses the sync of apps",
    ]);
  });
});
