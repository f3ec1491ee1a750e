// Argo CD itself, built from its release source (the config's engines.sources folder holds argo-cd-<version>.tar.gz:
// its module replaces gitops-engine with a folder of the tree, so the proxy cannot serve it). One binary is every
// component: it picks the one named by the name it is started under (argocd-repo-server, argocd-application-
// controller, ...), as the release image's links do.
import { join } from "node:path";
import { ARGOCD } from "../../versions.ts";
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";

const version = ARGOCD.version.replace(/^v/, "");

export function argoCdTool(sourcesFolder: string): ModuleTool {
  return {
    name: "argocd",
    version: ARGOCD.version,
    packagePath: "./cmd",
    ldflags: `-s -w -X github.com/argoproj/argo-cd/v3/common.version=${version} -X github.com/argoproj/argo-cd/v3/common.gitTag=${ARGOCD.version}`,
    coldBuild: "35 minutes",
    archive: join(sourcesFolder, `argo-cd-${version}.tar.gz`),
  };
}

export async function ensureArgoCd(sourcesFolder: string, log: (line: string) => void = () => {}): Promise<string> {
  return (await ensureModuleTool(argoCdTool(sourcesFolder), log)).path;
}

/** The components the release image links to its one binary. */
export const ARGOCD_COMPONENTS = [
  "argocd-server",
  "argocd-repo-server",
  "argocd-cmp-server",
  "argocd-application-controller",
  "argocd-dex",
  "argocd-notifications",
  "argocd-applicationset-controller",
  "argocd-k8s-auth",
  "argocd-commit-server",
] as const;
