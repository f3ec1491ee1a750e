// kustomize, pinned to the version Argo CD 3.5 bundles: Argo CD builds every layer folder with it,
// since each holds a kustomization.yaml.
import { run, type GoTool } from "./go-tool.ts";

export const KUSTOMIZE: GoTool = {
  name: "kustomize",
  module: "sigs.k8s.io/kustomize/kustomize/v5",
  installPath: "sigs.k8s.io/kustomize/kustomize/v5",
  version: "v5.8.1",
};

/** `kustomize build <folder>`: the multi-document YAML Argo CD would apply. */
export async function kustomizeBuild(binary: string, folder: string): Promise<string> {
  const { stdout } = await run(binary, ["build", folder], { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}
