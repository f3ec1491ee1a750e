// Reads every metadata.yaml of a components-contrib tree into a ComponentContract, keyed by its folder.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { compareCodePoints } from "../../../lib/sort.ts";
import type {
  AuthenticationProfile,
  ComponentContract,
  ComponentStatus,
  ContractField,
  FieldType,
} from "./contract-table.ts";
import type {
  BuiltinProfiles,
  RawAuthenticationProfile,
  RawBuiltinProfileReference,
  RawMetadataItem,
} from "./builtin-profiles.ts";
import { expandBuiltinProfile } from "./builtin-profiles.ts";

interface RawComponentMetadata {
  type: string;
  name: string;
  version: string;
  status: ComponentStatus;
  title: string;
  capabilities?: string[];
  binding?: { input?: boolean; output?: boolean };
  authenticationProfiles?: RawAuthenticationProfile[];
  builtinAuthenticationProfiles?: RawBuiltinProfileReference[];
  metadata?: RawMetadataItem[];
}

/** A contract and the full descriptions the generated types carry as JSDoc. */
export interface ContribContract {
  /** The metadata.yaml's folder in components-contrib, e.g. "state/postgresql/v2". */
  folder: string;
  contract: ComponentContract;
  descriptions: Record<string, string>;
}

const FIELD_TYPES: readonly FieldType[] = ["string", "number", "bool", "duration", "bytesize"];
const METADATA_FILES = ["metadata.yaml", "metadata.yml"];

export function readContribContracts(contribFolder: string): ContribContract[] {
  const folders = parse(readFileSync(join(contribFolder, ".build-tools/component-folders.yaml"), "utf8")) as {
    componentFolders: string[];
  };
  const builtins = parse(
    readFileSync(join(contribFolder, ".build-tools/builtin-authentication-profiles.yaml"), "utf8"),
  ) as BuiltinProfiles;
  const found: ContribContract[] = [];
  for (const folder of metadataFolders(contribFolder, folders.componentFolders)) {
    const file = METADATA_FILES.find((name) => existsSync(join(contribFolder, folder, name)));
    if (!file) continue;
    const raw = parse(readFileSync(join(contribFolder, folder, file), "utf8")) as RawComponentMetadata;
    found.push(toContract(raw, folder, `${folder}/${file}`, builtins));
  }
  if (found.length === 0) throw new Error(`no metadata.yaml found under ${contribFolder}`);
  return found.sort((a, b) => compareCodePoints(a.folder, b.folder));
}

/** Every folder below the component folders (upstream's FindComponents also walks excluded ones' children). */
function metadataFolders(root: string, componentFolders: readonly string[]): string[] {
  const result: string[] = [];
  const walk = (folder: string) => {
    if (!existsSync(join(root, folder))) return;
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const child = `${folder}/${entry.name}`;
      result.push(child);
      walk(child);
    }
  };
  componentFolders.forEach(walk);
  return [...new Set(result)].sort(compareCodePoints);
}

function toContract(
  raw: RawComponentMetadata,
  folder: string,
  source: string,
  builtins: BuiltinProfiles,
): ContribContract {
  // The schema's type enum has only "middleware"; HTTP middleware is spec.type "middleware.http.<name>".
  const kind = raw.type === "middleware" && folder.startsWith("middleware/http/") ? "middleware.http" : raw.type;
  const profiles = [
    ...(raw.authenticationProfiles ?? []),
    ...(raw.builtinAuthenticationProfiles ?? []).flatMap((reference) =>
      expandBuiltinProfile(reference, raw.title, builtins),
    ),
  ];
  const descriptions: Record<string, string> = {};
  const fields: ContractField[] = [];
  const byName = new Map<string, ContractField>();
  for (const item of raw.metadata ?? []) {
    if (byName.has(item.name)) throw new Error(`${source}: field "${item.name}" is listed twice`);
    const field = toField(item, source);
    fields.push(field);
    byName.set(item.name, field);
    descriptions[item.name] = fullDescription(item.description);
  }
  // Profile fields join the list once; a field several profiles share keeps the first description.
  const profileItems = new Map<string, RawMetadataItem[]>();
  for (const profile of profiles) {
    for (const item of profile.metadata ?? []) {
      if (!byName.has(item.name)) profileItems.set(item.name, [...(profileItems.get(item.name) ?? []), item]);
    }
  }
  for (const [name, items] of profileItems) {
    const field = { ...toField(items[0] as RawMetadataItem, source), profileOnly: true as const };
    delete field.required;
    if (items.some((item) => item.sensitive)) field.sensitive = true;
    const allowed = items.every((item) => item.allowedValues?.length)
      ? [...new Set(items.flatMap((item) => (item.allowedValues ?? []).map(String)))]
      : undefined;
    if (allowed) field.allowedValues = allowed;
    else delete field.allowedValues;
    fields.push(orderKeys(field));
    descriptions[name] = fullDescription(items[0]?.description);
  }
  const contract: ComponentContract = {
    type: `${kind}.${raw.name}`,
    version: String(raw.version),
    status: raw.status,
    title: raw.title,
    source,
    ...(raw.capabilities?.length ? { capabilities: [...raw.capabilities] } : {}),
    ...(raw.binding ? { binding: { input: raw.binding.input === true, output: raw.binding.output === true } } : {}),
    fields,
    authenticationProfiles: profiles.map(toProfile),
  };
  return { folder, contract, descriptions };
}

function toField(item: RawMetadataItem, source: string): ContractField {
  const type = (item.type ?? "string").trim() as FieldType;
  if (!FIELD_TYPES.includes(type)) throw new Error(`${source}: field "${item.name}" has unknown type "${item.type}"`);
  const binding =
    item.binding?.input && !item.binding.output
      ? "input"
      : item.binding?.output && !item.binding.input
        ? "output"
        : undefined;
  return orderKeys({
    name: item.name,
    type,
    ...(item.required ? { required: true as const } : {}),
    ...(item.sensitive ? { sensitive: true as const } : {}),
    ...(item.default !== undefined && item.default !== null ? { default: unquote(String(item.default)) } : {}),
    ...(item.allowedValues?.length ? { allowedValues: item.allowedValues.map(String) } : {}),
    ...(item.deprecated ? { deprecated: true as const } : {}),
    ...(binding ? { binding } : {}),
    description: shortDescription(item.description),
  });
}

/** One key order for every field, so the JSON reads the same throughout. */
function orderKeys(field: ContractField): ContractField {
  const order: (keyof ContractField)[] = [
    "name",
    "type",
    "required",
    "sensitive",
    "default",
    "allowedValues",
    "deprecated",
    "binding",
    "profileOnly",
    "description",
  ];
  return Object.fromEntries(
    order.filter((key) => field[key] !== undefined).map((key) => [key, field[key]]),
  ) as unknown as ContractField;
}

function toProfile(profile: RawAuthenticationProfile): AuthenticationProfile {
  const items = profile.metadata ?? [];
  const restricted = items.filter((item) => item.allowedValues?.length);
  return {
    title: profile.title,
    fields: [...new Set(items.map((item) => item.name))],
    required: [...new Set(items.filter((item) => item.required).map((item) => item.name))],
    ...(restricted.length
      ? {
          allowedValues: Object.fromEntries(
            restricted.map((item) => [item.name, (item.allowedValues ?? []).map(String)]),
          ),
        }
      : {}),
  };
}

/** Upstream writes string defaults with their quotes ('"us-east-1"'); the table keeps the value. */
function unquote(value: string): string {
  return /^"[^"]*"$/.test(value) ? value.slice(1, -1) : value;
}

function fullDescription(description: string | undefined): string {
  return (description ?? "").trim();
}

/** The first sentence (a period before a capital letter ends it, so "e.g. x" does not), whitespace collapsed. */
export function shortDescription(description: string | undefined): string {
  const text = (description ?? "").replace(/\s+/g, " ").trim();
  return /^.*?[.!?](?=\s+[A-Z`"]|$)/.exec(text)?.[0] ?? text;
}
