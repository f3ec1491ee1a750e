// kubeconform, the schema validator, pinned and run over manifests with configurable schema locations.
import { run, type GoTool } from "./go-tool.ts";

export const KUBECONFORM: GoTool = {
  name: "kubeconform",
  module: "github.com/yannh/kubeconform",
  installPath: "github.com/yannh/kubeconform/cmd/kubeconform",
  version: "v0.7.0",
};

/** Files that are not Kubernetes objects and so have no schema. */
const NOT_OBJECTS = ["kustomization\\.yaml$"];

export interface KubeconformOptions {
  readonly kubernetesVersion: string;
  readonly schemaLocations: readonly string[];
}

export interface KubeconformResult {
  readonly summary: {
    readonly valid: number;
    readonly invalid: number;
    readonly errors: number;
    readonly skipped: number;
  };
  /** Every object that was not valid, with kubeconform's message. */
  readonly problems: readonly {
    readonly filename: string;
    readonly kind: string;
    readonly name: string;
    readonly status: string;
    readonly msg: string;
  }[];
}

export async function runKubeconform(
  binary: string,
  paths: readonly string[],
  options: KubeconformOptions,
): Promise<KubeconformResult> {
  const args = [
    "-strict",
    "-summary",
    "-output",
    "json",
    "-kubernetes-version",
    options.kubernetesVersion,
    ...NOT_OBJECTS.flatMap((pattern) => ["-ignore-filename-pattern", pattern]),
    ...options.schemaLocations.flatMap((location) => ["-schema-location", location]),
    ...paths,
  ];
  let stdout: string;
  try {
    ({ stdout } = await run(binary, args, { maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    // kubeconform exits 1 when anything is invalid; its JSON report is still on stdout.
    const failed = error as { stdout?: string; stderr?: string; message: string };
    if (!failed.stdout) throw new Error(`kubeconform failed: ${failed.stderr || failed.message}`);
    stdout = failed.stdout;
  }
  const report = JSON.parse(stdout) as {
    resources?: KubeconformResult["problems"];
    summary: KubeconformResult["summary"];
  };
  return { summary: report.summary, problems: report.resources ?? [] };
}
