// The Pulumi engine the bootstrap runs under, as three pinned upstream builds: the CLI (tools/pulumi), the
// Node.js language host (its source in ../shared/tools, since its module is not served by the proxy) and the
// Kubernetes provider labelled 4.34.2, the plugin version @pulumi/kubernetes 4.34.2 asks for
// (tools/pulumi-kubernetes; its command's files come from the module cache at build time).
import { copyFile, chmod } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { run } from "./go-tool.ts";
import { ensureModuleTool, TOOLS_FOLDER, type ModuleTool } from "./module-tool.ts";

export const PULUMI_VERSION = "v3.274.1";
export const KUBERNETES_PROVIDER_VERSION = "4.34.2";
const VERSION_FLAG = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}`;
const PROVIDER_MODULE = "github.com/pulumi/pulumi-kubernetes/provider/v4";

export const PULUMI_CLI: ModuleTool = {
  name: "pulumi",
  version: PULUMI_VERSION,
  packagePath: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
  ldflags: VERSION_FLAG,
  coldBuild: "10 minutes",
};

export const PULUMI_LANGUAGE_NODEJS: ModuleTool = {
  name: "pulumi-language-nodejs",
  version: PULUMI_VERSION,
  packagePath: ".",
  ldflags: VERSION_FLAG,
  coldBuild: "1 minute",
  source: resolve(TOOLS_FOLDER, "../../shared/tools/pulumi-language-nodejs"),
};

export const PULUMI_KUBERNETES: ModuleTool = {
  name: "pulumi-resource-kubernetes",
  version: KUBERNETES_PROVIDER_VERSION,
  packagePath: ".",
  ldflags: `-X ${PROVIDER_MODULE}/pkg/version.Version=${KUBERNETES_PROVIDER_VERSION}`,
  coldBuild: "6 minutes",
  source: join(TOOLS_FOLDER, "pulumi-kubernetes"),
  // The provider's command embeds its schema as generated files: take the command from the pinned module
  // and generate them, as upstream's build does.
  prepare: async (folder) => {
    // `go mod download` fetches the module when the cache lacks it (a cold machine); `go list -m` would not.
    const { stdout } = await run("go", ["mod", "download", "-json", PROVIDER_MODULE], { cwd: folder });
    const moduleFolder = (JSON.parse(stdout) as { Dir?: string }).Dir;
    if (!moduleFolder) throw new Error(`go mod download ${PROVIDER_MODULE} gave no folder: ${stdout.trim()}`);
    const command = join(moduleFolder, "cmd", "pulumi-resource-kubernetes");
    for (const file of ["main.go", "generate.go", "schema.json", "terraform-mapping.json"]) {
      await copyFile(join(command, file), join(folder, file));
      await chmod(join(folder, file), 0o644);
    }
    await run("go", ["run", "generate.go"], {
      cwd: folder,
      env: { ...process.env, VERSION: KUBERNETES_PROVIDER_VERSION },
      maxBuffer: 64 * 1024 * 1024,
    });
  },
};

export interface PulumiEngine {
  readonly cli: string;
  /** Folder holding the language host and the provider, for PATH. */
  readonly plugins: readonly string[];
}

export async function ensurePulumi(log: (line: string) => void = () => {}): Promise<PulumiEngine> {
  const cli = await ensureModuleTool(PULUMI_CLI, log);
  const language = await ensureModuleTool(PULUMI_LANGUAGE_NODEJS, log);
  const provider = await ensureModuleTool(PULUMI_KUBERNETES, log);
  return { cli: cli.path, plugins: [dirname(language.path), dirname(provider.path)] };
}
