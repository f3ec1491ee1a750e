// The OpenTelemetry operator, built from its release source (the config's engines.sources folder holds
// opentelemetry-operator-<version>.tar.gz; its module is not served). It pins a commit of
// openshift/controller-runtime-common the proxy refuses, replaced with the older commit beside it, which compiles for
// it. The default images it injects (collector, auto-instrumentation) are set at build time from the release's
// versions.txt, as its Makefile does.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { CHARTS } from "../../versions.ts";
import { run } from "./go-tool.ts";
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";

export const OTEL_OPERATOR_VERSION = CHARTS.openTelemetryOperator.appVersion;
const CONTROLLER_RUNTIME_COMMON = "controller-runtime-common-64ee174";
const VERSION_PACKAGE = "github.com/open-telemetry/opentelemetry-operator/internal/version";

/** versions.txt key → the version package's variable (the Makefile's OPERATOR_LDFLAGS). */
const VERSION_VARIABLES: Readonly<Record<string, string>> = {
  operator: "version",
  "opentelemetry-collector": "otelCol",
  targetallocator: "targetAllocator",
  "operator-opamp-bridge": "operatorOpAMPBridge",
  "autoinstrumentation-java": "autoInstrumentationJava",
  "autoinstrumentation-nodejs": "autoInstrumentationNodeJS",
  "autoinstrumentation-python": "autoInstrumentationPython",
  "autoinstrumentation-dotnet": "autoInstrumentationDotNet",
  "autoinstrumentation-go": "autoInstrumentationGo",
  "autoinstrumentation-apache-httpd": "autoInstrumentationApacheHttpd",
  "autoinstrumentation-nginx": "autoInstrumentationNginx",
};

function releaseArchive(sourcesFolder: string): string {
  return join(sourcesFolder, `opentelemetry-operator-${OTEL_OPERATOR_VERSION}.tar.gz`);
}

/** The release's versions.txt: component → the version the operator injects by default. */
async function releaseVersions(sourcesFolder: string): Promise<Map<string, string>> {
  const { stdout } = await run("tar", [
    "-xzOf",
    releaseArchive(sourcesFolder),
    `opentelemetry-operator-${OTEL_OPERATOR_VERSION}/versions.txt`,
  ]);
  const versions = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const [key, value] = line.trim().split("=");
    if (key && value && !key.startsWith("#")) versions.set(key, value);
  }
  return versions;
}

/** The auto-instrumentation images the operator injects when an Instrumentation names none (internal/config). */
export async function autoInstrumentationImages(
  sourcesFolder: string,
): Promise<Record<"nodejs" | "python" | "dotnet" | "go", string>> {
  const versions = await releaseVersions(sourcesFolder);
  const operatorImage = (language: string) =>
    `ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-${language}:${versions.get(`autoinstrumentation-${language}`)}`;
  return {
    nodejs: operatorImage("nodejs"),
    python: operatorImage("python"),
    dotnet: operatorImage("dotnet"),
    go: `ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:${versions.get("autoinstrumentation-go")}`,
  };
}

async function otelOperatorTool(sourcesFolder: string): Promise<ModuleTool> {
  const archive = releaseArchive(sourcesFolder);
  const flags = ["-s", "-w"];
  for (const [key, value] of await releaseVersions(sourcesFolder)) {
    const variable = VERSION_VARIABLES[key];
    if (variable) flags.push(`-X ${VERSION_PACKAGE}.${variable}=${value}`);
  }
  return {
    name: "opentelemetry-operator",
    version: OTEL_OPERATOR_VERSION,
    packagePath: ".",
    ldflags: flags.join(" "),
    coldBuild: "3 minutes",
    archive,
    modMod: true,
    prepare: async (folder) => {
      const common = join(folder, ".controller-runtime-common");
      await mkdir(common, { recursive: true });
      await run("tar", ["-xzf", join(sourcesFolder, `${CONTROLLER_RUNTIME_COMMON}.tar.gz`), "-C", common]);
      await run(
        "go",
        [
          "mod",
          "edit",
          "-replace",
          `github.com/openshift/controller-runtime-common=./.controller-runtime-common/${CONTROLLER_RUNTIME_COMMON}`,
        ],
        { cwd: folder },
      );
    },
  };
}

export async function ensureOtelOperator(
  sourcesFolder: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  return (await ensureModuleTool(await otelOperatorTool(sourcesFolder), log)).path;
}
