// Joins daprd's registrations with the metadata.yaml contracts: a registration's factory comes from a
// components-contrib package, and that package's folder holds the metadata.yaml that describes it.
import { compareCodePoints, sortBy } from "../../../lib/sort.ts";
import type { ContribContract } from "./contrib-contracts.ts";
import type {
  BindingDirection,
  ComponentKind,
  ComponentTypeEntry,
  ContractsTable,
  TypeVersion,
} from "./contract-table.ts";
import type { DaprdRegistration } from "./daprd-registrations.ts";

/** The version daprd serves a registration without versions under (components.FirstStableVersion). */
const INITIAL_VERSION = "v1";

export function buildContractsTable(
  contribContracts: readonly ContribContract[],
  registrations: readonly DaprdRegistration[],
  versions: { contribVersion: string; daprVersion: string },
): ContractsTable {
  const byFolder = new Map(contribContracts.map((found) => [found.folder, found]));
  const registered = new Map<string, ComponentTypeEntry>();
  const order: string[] = [];

  for (const registration of registrations) {
    for (const name of registration.names) {
      const type = `${registration.kind}.${name}`.toLowerCase();
      let entry = registered.get(type);
      if (!entry) {
        entry = { kind: registration.kind, registered: true, registeredIn: registration.file, versions: {} };
        registered.set(type, entry);
        order.push(type);
      }
      if (registration.direction) {
        entry.bindingDirections = sortBy(
          [...new Set([...(entry.bindingDirections ?? []), registration.direction])],
          (d) => d,
        ) as BindingDirection[];
      }
      for (const constructor of registration.constructors) {
        const version = constructor.version ?? INITIAL_VERSION;
        if (constructor.version === undefined) entry.initialVersionFallback = true;
        if (constructor.preferred) entry.preferredVersion = version;
        const folder = sortBy(
          constructor.packages.filter((pkg) => byFolder.has(pkg)),
          (pkg) => pkg,
        ).sort((a, b) => b.length - a.length)[0];
        // A folder's metadata.yaml describes one version; another version of the same package stays untyped.
        const contract = folder && byFolder.get(folder)?.contract.version === version ? folder : undefined;
        entry.versions[version] = {
          ...(contract ? { contract } : {}),
          ...(constructor.deprecated ? { deprecated: true as const } : {}),
        } satisfies TypeVersion;
      }
    }
  }

  markAliases(registered, order, contribContracts);

  const types = new Map(registered);
  for (const { folder, contract } of contribContracts) {
    if (registered.has(contract.type)) continue;
    const entry = types.get(contract.type) ?? {
      kind: contract.type.startsWith("middleware.http.")
        ? "middleware.http"
        : (contract.type.split(".")[0] as ComponentKind),
      registered: false,
      versions: {},
    };
    entry.versions[contract.version] = { contract: folder };
    const loadedAs = [...registered]
      .filter(([, other]) => Object.values(other.versions).some((v) => v.contract === folder) && !other.aliasOf)
      .map(([name]) => name);
    if (loadedAs.length)
      entry.registeredAs = [...new Set([...(entry.registeredAs ?? []), ...loadedAs])].sort(compareCodePoints);
    types.set(contract.type, entry);
  }

  const sortedTypes = Object.fromEntries(
    [...types.keys()]
      .sort(compareCodePoints)
      .map((type) => [type, withSortedVersions(types.get(type) as ComponentTypeEntry)]),
  );
  const contracts = Object.fromEntries(contribContracts.map(({ folder, contract }) => [folder, contract]));
  return {
    ...versions,
    types: sortedTypes,
    contracts,
    registeredWithoutContract: Object.entries(sortedTypes).flatMap(([type, entry]) =>
      entry.registered
        ? Object.entries(entry.versions)
            .filter(([, version]) => !version.contract)
            .map(([version]) => `${type}@${version}`)
        : [],
    ),
    notRegistered: Object.entries(sortedTypes)
      .filter(([, entry]) => !entry.registered)
      .map(([type]) => type),
  };
}

/**
 * Names daprd registers for the same component, versions and directions form a group; its canonical name is the
 * one a metadata.yaml uses, else the first daprd registers (e.g. "state.postgres" is an alias of "state.postgresql").
 */
function markAliases(
  registered: Map<string, ComponentTypeEntry>,
  order: readonly string[],
  contribContracts: readonly ContribContract[],
): void {
  const contractTypes = new Set(contribContracts.map(({ contract }) => contract.type));
  const groups = new Map<string, string[]>();
  for (const type of order) {
    const entry = registered.get(type) as ComponentTypeEntry;
    const signature = JSON.stringify([
      entry.kind,
      Object.entries(entry.versions).sort(([a], [b]) => compareCodePoints(a, b)),
      entry.bindingDirections ?? [],
      entry.initialVersionFallback ?? false,
      entry.preferredVersion ?? "",
    ]);
    groups.set(signature, [...(groups.get(signature) ?? []), type]);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const canonical = members.find((type) => contractTypes.has(type)) ?? (members[0] as string);
    const aliases = members.filter((type) => type !== canonical).sort(compareCodePoints);
    (registered.get(canonical) as ComponentTypeEntry).aliases = aliases;
    for (const alias of aliases) (registered.get(alias) as ComponentTypeEntry).aliasOf = canonical;
  }
}

/** Fixed key order and versions sorted, so the JSON is the same bytes on every run. */
function withSortedVersions(entry: ComponentTypeEntry): ComponentTypeEntry {
  return {
    kind: entry.kind,
    registered: entry.registered,
    ...(entry.registeredIn ? { registeredIn: entry.registeredIn } : {}),
    ...(entry.aliasOf ? { aliasOf: entry.aliasOf } : {}),
    ...(entry.aliases ? { aliases: entry.aliases } : {}),
    ...(entry.registeredAs ? { registeredAs: entry.registeredAs } : {}),
    ...(entry.initialVersionFallback ? { initialVersionFallback: true as const } : {}),
    ...(entry.bindingDirections ? { bindingDirections: entry.bindingDirections } : {}),
    ...(entry.preferredVersion ? { preferredVersion: entry.preferredVersion } : {}),
    versions: Object.fromEntries(
      Object.keys(entry.versions)
        .sort(compareCodePoints)
        .map((version) => [version, entry.versions[version] as TypeVersion]),
    ),
  };
}
