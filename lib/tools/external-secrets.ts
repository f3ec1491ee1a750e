// External Secrets Operator, built from its release source (the config's engines.sources folder holds
// external-secrets-<version>.tar.gz; its v2 module is not served). One binary plays the chart's three images by
// subcommand (the controller, `webhook`, `certcontroller`); the `vault` build tag links the one provider Trellis
// renders a store for.
import { join } from "node:path";
import { CHARTS } from "../../versions.ts";
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";

export const EXTERNAL_SECRETS_VERSION = `v${CHARTS.externalSecrets.version}`;

function externalSecretsTool(sourcesFolder: string): ModuleTool {
  return {
    name: "external-secrets",
    version: EXTERNAL_SECRETS_VERSION,
    packagePath: ".",
    ldflags: "-s -w",
    tags: ["vault"],
    coldBuild: "3 minutes",
    archive: join(sourcesFolder, `external-secrets-${CHARTS.externalSecrets.version}.tar.gz`),
  };
}

export async function ensureExternalSecrets(
  sourcesFolder: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  return (await ensureModuleTool(externalSecretsTool(sourcesFolder), log)).path;
}
