// Regenerates generated/component-contracts.json (the contracts table the checks read) and
// lib/model/declarations/generated/component-metadata.ts (the types that declarations' metadata is checked with)
// from the metadata.yaml files of Dapr components-contrib and the component registrations in daprd's source.
// Run with `npm run import-components [contribFolder] [daprModuleFolder]` after moving the Dapr pins in versions.ts;
// the output is committed. Neither the network nor a Go build is needed: the dapr module's source is read where
// `go mod download` puts it (the Go module cache), and a fresh machine gets it, source only, with
//   go mod download github.com/dapr/dapr@v1.18.3
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { CHARTS, DAPR_COMPONENTS_CONTRIB } from "../../../versions.ts";
import { buildContractsTable } from "./build-table.ts";
import { readContribContracts } from "./contrib-contracts.ts";
import type { ContractsTable } from "./contract-table.ts";
import { readDaprdRegistrations } from "./daprd-registrations.ts";
import { renderMetadataTypes } from "./render-metadata-types.ts";

/** The Dapr runtime pinned in versions.ts, and the components-contrib release it is built with. */
export const DAPR_VERSION = `v${CHARTS.dapr.version}`;
export const CONTRIB_VERSION = DAPR_COMPONENTS_CONTRIB;
/** The Go module whose cmd/daprd/components registers what daprd loads. */
export const DAPR_MODULE = `github.com/dapr/dapr@${DAPR_VERSION}`;

const PROJECT_ROOT = resolve(import.meta.dirname, "../../..");
export const DEFAULT_CONTRIB_FOLDER = resolve(PROJECT_ROOT, `../shared/components-contrib-${CONTRIB_VERSION.slice(1)}`);
/** The contracts table: read by the checks (runtime/), never by the engine. */
export const CONTRACTS_FOLDER = resolve(import.meta.dirname, "generated");
/** The metadata types: beside the component schema (lib/model/declarations/component.ts), which types backends with them. */
export const TYPES_FOLDER = resolve(PROJECT_ROOT, "lib/model/declarations/generated");
export const CONTRACTS_FILE = "component-contracts.json";
export const TYPES_FILE = "component-metadata.ts";

export interface GenerateOptions {
  contribFolder: string;
  daprModuleFolder: string;
  /** Where component-contracts.json goes. */
  contractsFolder: string;
  /** Where component-metadata.ts goes. */
  typesFolder: string;
}

/** Writes both generated files and returns the table. */
export async function generateComponentContracts(options: GenerateOptions): Promise<ContractsTable> {
  checkPinnedVersions(options);
  const contribContracts = readContribContracts(options.contribFolder);
  const registrations = readDaprdRegistrations(options.daprModuleFolder);
  const table = buildContractsTable(contribContracts, registrations, {
    contribVersion: CONTRIB_VERSION,
    daprVersion: DAPR_VERSION,
  });
  mkdirSync(options.contractsFolder, { recursive: true });
  mkdirSync(options.typesFolder, { recursive: true });
  await writeFormatted(join(options.contractsFolder, CONTRACTS_FILE), JSON.stringify(table));
  await writeFormatted(join(options.typesFolder, TYPES_FILE), renderMetadataTypes(table, contribContracts));
  return table;
}

/** The dapr module in the Go module cache, where `go mod download` puts it. */
export function defaultDaprModuleFolder(): string {
  let cache = "";
  try {
    cache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  } catch {
    // No Go toolchain: its default cache location.
  }
  return join(cache || join(process.env.GOPATH ?? join(homedir(), "go"), "pkg/mod"), DAPR_MODULE);
}

/** Thrown when an input is missing or is not the pinned release; the message says how to get the right one. */
export class GeneratorInputError extends Error {}

function checkPinnedVersions({ contribFolder, daprModuleFolder }: GenerateOptions): void {
  if (!existsSync(join(contribFolder, "README.md"))) {
    throw new GeneratorInputError(
      `${contribFolder} holds no components-contrib ${CONTRIB_VERSION} tree (no README.md); give its folder as the first argument`,
    );
  }
  const readme = readFileSync(join(contribFolder, "README.md"), "utf8");
  if (!readme.includes(CONTRIB_VERSION)) {
    throw new GeneratorInputError(`${contribFolder}/README.md does not name components-contrib ${CONTRIB_VERSION}`);
  }
  const goMod = join(daprModuleFolder, "go.mod");
  if (!existsSync(goMod)) {
    throw new GeneratorInputError(
      `the dapr module is not at ${daprModuleFolder}: get its source (nothing is built) with ` +
        `go mod download ${DAPR_MODULE}, or give its folder as the second argument`,
    );
  }
  const daprVersion = /@(v[\w.-]+)$/.exec(basename(daprModuleFolder))?.[1];
  if (daprVersion && daprVersion !== DAPR_VERSION) {
    throw new GeneratorInputError(`${daprModuleFolder} is dapr ${daprVersion}, not the pinned ${DAPR_VERSION}`);
  }
  // The pairing in versions.ts, checked where it is defined: dapr's own go.mod.
  const required = /^\s*github\.com\/dapr\/components-contrib\s+(v\S+)/m.exec(readFileSync(goMod, "utf8"))?.[1];
  if (required !== CONTRIB_VERSION) {
    throw new GeneratorInputError(
      `dapr ${DAPR_VERSION}'s go.mod requires components-contrib ${required ?? "(none)"}, but versions.ts pairs it with ` +
        `${CONTRIB_VERSION}; set DAPR_COMPONENTS_CONTRIB to ${required ?? "the release dapr builds with"}`,
    );
  }
}

/** Formatted with the project's Prettier settings, so `prettier --check` passes on the committed files. */
async function writeFormatted(file: string, text: string): Promise<void> {
  const config = await resolveConfig(join(PROJECT_ROOT, basename(file)));
  writeFileSync(file, await format(text, { ...config, filepath: file }));
}

function summary(table: ContractsTable): string {
  const types = Object.entries(table.types);
  const registered = types.filter(([, entry]) => entry.registered);
  const versions = types.reduce((sum, [, entry]) => sum + Object.keys(entry.versions).length, 0);
  return [
    `${types.length} types (${registered.length} registered by daprd ${table.daprVersion}), ${versions} type versions, ${Object.keys(table.contracts).length} metadata.yaml contracts (components-contrib ${table.contribVersion})`,
    `aliases: ${types.filter(([, entry]) => entry.aliasOf).length} names daprd registers besides the canonical one`,
    `registered without metadata.yaml: ${table.registeredWithoutContract.join(", ") || "none"}`,
    `metadata.yaml types daprd does not register: ${table.notRegistered.join(", ") || "none"}`,
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [contribFolder = DEFAULT_CONTRIB_FOLDER, daprModuleFolder = defaultDaprModuleFolder()] = process.argv.slice(2);
  try {
    const table = await generateComponentContracts({
      contribFolder: resolve(contribFolder),
      daprModuleFolder: resolve(daprModuleFolder),
      contractsFolder: CONTRACTS_FOLDER,
      typesFolder: TYPES_FOLDER,
    });
    console.log(summary(table));
  } catch (error) {
    if (!(error instanceof GeneratorInputError)) throw error;
    console.error(`import-components: ${error.message}`);
    process.exitCode = 2;
  }
}
