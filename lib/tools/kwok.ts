// kwok v0.8.0: plays the nodes of the rehearsal's cluster and the kubelet of every pod scheduled there (pods get an
// IP from their node's pod CIDR and a Running status), built with Go from tools/kwok/go.mod.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./go-tool.ts";
import { ensureModuleTool, TOOLS_FOLDER, type ModuleTool } from "./module-tool.ts";

export const KWOK: ModuleTool = {
  name: "kwok",
  version: "v0.8.0",
  packagePath: "sigs.k8s.io/kwok/cmd/kwok",
  ldflags: "-s -w",
  coldBuild: "3 minutes",
};

/**
 * kwok starts only with Stage objects that say how nodes and pods move through their lifecycle; these are the
 * release's own (its kustomize/stage folders): fast node readiness with a heartbeat lease, fast pod start.
 */
const STAGE_FOLDERS = ["node/fast", "node/heartbeat-with-lease", "pod/fast"];

export async function ensureKwok(log: (line: string) => void = () => {}): Promise<string> {
  return (await ensureModuleTool(KWOK, log)).path;
}

/** The release's Stage documents, as one multi-document YAML, read from the pinned module's source. */
export async function kwokStages(): Promise<string> {
  const { stdout } = await run("go", ["list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/kwok"], {
    cwd: join(TOOLS_FOLDER, "kwok"),
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  const module = stdout.trim();
  const documents: string[] = [];
  for (const folder of STAGE_FOLDERS) {
    const path = join(module, "kustomize", "stage", folder);
    for (const file of (await readdir(path))
      .filter((name) => name.endsWith(".yaml") && name !== "kustomization.yaml")
      .sort())
      documents.push((await readFile(join(path, file), "utf8")).trim());
  }
  return `${documents.join("\n---\n")}\n`;
}
