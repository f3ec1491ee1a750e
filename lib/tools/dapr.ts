// The Dapr control plane (operator, sentry, placement, scheduler, injector) and daprd, built from the
// github.com/dapr/dapr module pinned by tools/dapr/go.mod. The proxy refuses one of its dependencies,
// durabletask-go, so the module replaces it with the release source beside the others (the config's
// engines.sources folder), unpacked into the build's scratch copy.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGES } from "../../versions.ts";
import { run } from "./go-tool.ts";
import { ensureComponentTools, ensureModuleTool, TOOLS_FOLDER, type ModuleTool } from "./module-tool.ts";

export const DAPR_VERSION = IMAGES.dapr.tag;
const DURABLETASK_ARCHIVE = "durabletask-go-0.12.4.tar.gz";

export type DaprControlPlaneComponent = "operator" | "sentry" | "placement" | "scheduler" | "injector";
export const DAPR_CONTROL_PLANE: readonly DaprControlPlaneComponent[] = [
  "operator",
  "sentry",
  "placement",
  "scheduler",
  "injector",
];

function daprTool(sourcesFolder: string, component: DaprControlPlaneComponent | "daprd"): ModuleTool {
  return {
    name: `dapr-${component}`,
    version: DAPR_VERSION,
    source: join(TOOLS_FOLDER, "dapr"),
    packagePath: `github.com/dapr/dapr/cmd/${component}`,
    ldflags: `-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_VERSION}`,
    // The first component pays for the shared Kubernetes and gRPC libraries; the others reuse the build cache.
    coldBuild: component === "operator" ? "10 minutes" : component === "daprd" ? "12 minutes" : "1 minute",
    ...(component === "daprd" ? { tags: ["allcomponents"] } : {}),
    modMod: true,
    prepare: (folder) => run("tar", ["-xzf", join(sourcesFolder, DURABLETASK_ARCHIVE), "-C", folder]).then(() => {}),
  };
}

/** The five control-plane binaries by component, built once each and cached. */
export async function ensureDaprControlPlane(
  sourcesFolder: string,
  log: (line: string) => void = () => {},
): Promise<Record<DaprControlPlaneComponent, string>> {
  return ensureComponentTools(DAPR_CONTROL_PLANE, (component) => daprTool(sourcesFolder, component), log);
}

/** daprd, the sidecar, with every component contract linked in (`-tags allcomponents`, as Dapr's release builds it). */
export async function ensureDaprd(sourcesFolder: string, log: (line: string) => void = () => {}): Promise<string> {
  return (await ensureModuleTool(daprTool(sourcesFolder, "daprd"), log)).path;
}

/** The pinned dapr module's source in Go's module cache (its protos, its code), downloaded from the proxy if absent. */
export async function daprModuleSource(): Promise<string> {
  const { stdout } = await run("go", ["env", "GOMODCACHE"]);
  const folder = join(stdout.trim(), "github.com", "dapr", `dapr@v${DAPR_VERSION}`);
  if (!existsSync(folder))
    await run("go", ["mod", "download", `github.com/dapr/dapr@v${DAPR_VERSION}`], { cwd: tmpdir() });
  return folder;
}
