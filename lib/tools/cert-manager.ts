// cert-manager's three controllers (controller, webhook, cainjector), built from its release source (the config's
// engines.sources folder: cert-manager-<version>.tar.gz). Each is a module of its own under cmd/ that replaces the
// root module with the tree; the controller's vcert dependency is refused by the module proxy, so it is replaced
// with the vcert release source beside it (vcert-<version>.tar.gz).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { CHARTS } from "../../versions.ts";
import { run } from "./go-tool.ts";
import { ensureComponentTools, type ModuleTool } from "./module-tool.ts";

/** The release the pinned chart installs: its images are the binaries built here. */
export const CERT_MANAGER_VERSION = CHARTS.certManager.version;
const VCERT_VERSION = "5.13.7";

export type CertManagerComponent = "controller" | "webhook" | "cainjector";
export const CERT_MANAGER_COMPONENTS: readonly CertManagerComponent[] = ["controller", "webhook", "cainjector"];

function certManagerTool(sourcesFolder: string, component: CertManagerComponent): ModuleTool {
  return {
    name: `cert-manager-${component}`,
    version: CERT_MANAGER_VERSION,
    packagePath: ".",
    ldflags: `-s -w -X github.com/cert-manager/cert-manager/pkg/util.AppVersion=${CERT_MANAGER_VERSION}`,
    coldBuild: component === "controller" ? "7 minutes" : "1 minute",
    archive: join(sourcesFolder, `cert-manager-${CERT_MANAGER_VERSION.slice(1)}.tar.gz`),
    moduleFolder: join("cmd", component),
    modMod: true,
    ...(component === "controller"
      ? {
          prepare: async (folder: string) => {
            const vcert = join(folder, ".vcert");
            await mkdir(vcert, { recursive: true });
            await run("tar", ["-xzf", join(sourcesFolder, `vcert-${VCERT_VERSION}.tar.gz`), "-C", vcert]);
            await run("go", ["mod", "edit", "-replace", `github.com/Venafi/vcert/v5=./.vcert/vcert-${VCERT_VERSION}`], {
              cwd: folder,
            });
          },
        }
      : {}),
  };
}

/** The three binaries by component, built once each and cached. */
export async function ensureCertManager(
  sourcesFolder: string,
  log: (line: string) => void = () => {},
): Promise<Record<CertManagerComponent, string>> {
  return ensureComponentTools(CERT_MANAGER_COMPONENTS, (component) => certManagerTool(sourcesFolder, component), log);
}
