// The known component types and one type's fields, as rows the CLI prints as a table or JSON.
import { COMPONENT_CONTRACTS } from "./component-contracts.ts";
import type { AuthenticationProfile, ComponentKind, ContractsTable, FieldType } from "./contract-table.ts";
import { keyMatchesField } from "./field-names.ts";
import { resolveType, resolveVersion } from "./resolve-type.ts";
import { runtimeFieldsOf } from "./runtime-fields.ts";

export interface ComponentTypeRow {
  type: string;
  kind: ComponentKind;
  versions: string[];
  /** The metadata.yaml status per version ("v1: stable, v2: alpha" when they differ); "untyped" without one. */
  status: string;
  /** daprd's other names for this component. */
  aliases: string[];
  /** Set on an alias row: the canonical type. */
  aliasOf?: string;
  /** false: only a metadata.yaml names this type; daprd cannot load it. */
  registered: boolean;
}

export interface ComponentFieldRow {
  name: string;
  type: FieldType;
  required: boolean;
  /** Authentication profiles that need this field (one complete profile is enough). */
  requiredByProfiles: string[];
  sensitive: boolean;
  default?: string;
  allowedValues: string[];
  deprecated: boolean;
  description: string;
  /** "contract": the metadata.yaml; "profile": an authentication profile only; "daprd": read by the runtime. */
  origin: "contract" | "profile" | "daprd";
}

export interface ComponentTypeDescription {
  type: string;
  version: string;
  aliasOf?: string;
  registered: boolean;
  /** Not registered: the names daprd does load this component as. */
  registeredAs?: string[];
  /** false: daprd registers this version without a metadata.yaml; the fields are daprd's own only. */
  typed: boolean;
  status?: string;
  title?: string;
  /** The metadata.yaml in components-contrib. */
  source?: string;
  fields: ComponentFieldRow[];
  authenticationProfiles: AuthenticationProfile[];
}

export function listComponentTypes(
  table: ContractsTable = COMPONENT_CONTRACTS,
  options: { includeAliases?: boolean; kind?: ComponentKind } = {},
): ComponentTypeRow[] {
  return Object.entries(table.types)
    .filter(([, entry]) => (options.includeAliases || !entry.aliasOf) && (!options.kind || entry.kind === options.kind))
    .map(([type, entry]) => {
      const versions = Object.keys(entry.versions);
      const statuses = versions.map((version) => {
        const key = entry.versions[version]?.contract;
        return (key && table.contracts[key]?.status) || "untyped";
      });
      return {
        type,
        kind: entry.kind,
        versions,
        status:
          new Set(statuses).size <= 1
            ? (statuses[0] ?? "untyped")
            : versions.map((v, i) => `${v}: ${statuses[i]}`).join(", "),
        aliases: entry.aliases ?? [],
        ...(entry.aliasOf ? { aliasOf: entry.aliasOf } : {}),
        registered: entry.registered,
      };
    });
}

/** One type's fields at `version` (default: the version daprd prefers, else the newest); undefined if unknown. */
export function describeComponentType(
  type: string,
  version?: string,
  table: ContractsTable = COMPONENT_CONTRACTS,
): ComponentTypeDescription | undefined {
  const resolved = resolveType(table, type);
  if (!resolved) return undefined;
  const { entry } = resolved;
  const versions = Object.keys(entry.versions);
  const found = resolveVersion(table, entry, version ?? entry.preferredVersion ?? versions[versions.length - 1] ?? "");
  if (!found) return undefined;
  const contract = found.contract;
  const own = contract?.fields ?? [];
  const profiles = contract?.authenticationProfiles ?? [];
  const fields: ComponentFieldRow[] = [
    ...own.map((field) => ({ ...field, origin: field.profileOnly ? ("profile" as const) : ("contract" as const) })),
    ...runtimeFieldsOf(entry.kind, resolved.type)
      .filter((runtime) => !own.some((field) => keyMatchesField(runtime.name, field.name)))
      .map((field) => ({ ...field, origin: "daprd" as const })),
  ].map((field) => ({
    name: field.name,
    type: field.type,
    required: field.required === true,
    requiredByProfiles: profiles
      .filter((profile) => profile.required.includes(field.name))
      .map((profile) => profile.title),
    sensitive: field.sensitive === true,
    ...(field.default !== undefined ? { default: field.default } : {}),
    allowedValues: field.allowedValues ?? [],
    deprecated: field.deprecated === true,
    description: field.description,
    origin: field.origin,
  }));
  return {
    type: resolved.type,
    version: found.version,
    ...(entry.aliasOf ? { aliasOf: entry.aliasOf } : {}),
    registered: entry.registered,
    ...(entry.registeredAs ? { registeredAs: entry.registeredAs } : {}),
    typed: contract !== undefined,
    ...(contract ? { status: contract.status, title: contract.title, source: contract.source } : {}),
    fields,
    authenticationProfiles: profiles,
  };
}
