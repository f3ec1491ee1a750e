// Finds a spec.type and version in the table as daprd's registries do: both lower-cased
// (dapr pkg/components/*/registry.go), and "v0" served by a type registered without versions
// (components.IsInitialVersion in pkg/components/versioning.go).
import type { ComponentContract, ComponentTypeEntry, ContractsTable, TypeVersion } from "./contract-table.ts";

export interface ResolvedType {
  /** The name as the table spells it. */
  type: string;
  entry: ComponentTypeEntry;
}

export interface ResolvedVersion {
  version: string;
  entry: TypeVersion;
  /** Absent: daprd registers the version without a metadata.yaml. */
  contract?: ComponentContract;
  contractKey?: string;
}

export function resolveType(table: ContractsTable, type: string): ResolvedType | undefined {
  for (const name of [type, type.toLowerCase()]) {
    // Own keys only: "constructor" is no component type.
    const entry = Object.hasOwn(table.types, name) ? table.types[name] : undefined;
    if (entry) return { type: name, entry };
  }
  return undefined;
}

export function resolveVersion(
  table: ContractsTable,
  entry: ComponentTypeEntry,
  version: string,
): ResolvedVersion | undefined {
  const lower = version.toLowerCase();
  const name = Object.hasOwn(entry.versions, lower)
    ? lower
    : entry.initialVersionFallback && (lower === "" || lower === "v0")
      ? "v1"
      : undefined;
  const found = name === undefined ? undefined : entry.versions[name];
  if (name === undefined || !found) return undefined;
  const contract =
    found.contract && Object.hasOwn(table.contracts, found.contract) ? table.contracts[found.contract] : undefined;
  return {
    version: name,
    entry: found,
    ...(contract && found.contract ? { contract, contractKey: found.contract } : {}),
  };
}
