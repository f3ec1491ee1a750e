// `trellis components [TYPE]`: the Dapr component types of the pinned release, or one type's metadata fields, from
// the blueprint's component catalogue (the contracts synth and check use). Exit 0 printed; 2 bad usage, an unknown
// type (with the nearest known names) or an unknown version of a known one.
import type {
  Blueprint,
  ComponentCatalogue,
  ComponentFieldSummary,
  ComponentTypeDescription,
  ComponentTypeSummary,
} from "../blueprint.ts";
import { visible } from "../report/escape.ts";
import { EXIT } from "./exit-codes.ts";
import { nearest, parseOptions, UsageError, type CommandIo } from "./options.ts";

export async function componentsCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  const { values, positionals } = parseOptions(args, "components");
  const [type, ...more] = positionals;
  if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}": give one component type`);
  const catalogue = blueprint.components;
  if (type === undefined) {
    if (values.version !== undefined) throw new UsageError("--version needs a TYPE: the type whose version to show");
    const types = catalogue.list();
    io.out(
      values.format === "json"
        ? JSON.stringify({ contracts: catalogue.source, types }, null, 2)
        : listTable(types, catalogue.source),
    );
    return EXIT.success;
  }
  const description = describe(catalogue, type, values.version);
  io.out(
    values.format === "json"
      ? JSON.stringify({ contracts: catalogue.source, ...description }, null, 2)
      : describeTable(description, catalogue),
  );
  return EXIT.success;
}

/** The type at the version asked for; bad usage, with the nearest names or the known versions, when unknown. */
function describe(catalogue: ComponentCatalogue, type: string, version: string | undefined): ComponentTypeDescription {
  const found = catalogue.describe(type, version);
  if (found) return found;
  const types = catalogue.list();
  const known = types.find((row) => row.type === type.toLowerCase());
  if (known) {
    throw new UsageError(`${known.type} has no version "${version ?? ""}"; its versions: ${known.versions.join(", ")}`);
  }
  const names = types.map((row) => row.type);
  const near = nearest(type.toLowerCase(), names);
  // A name without its kind ("redis"): every kind's type of that name.
  const sameName = names.filter((name) => name.endsWith(`.${type.toLowerCase()}`)).slice(0, 6);
  const suggestion = near
    ? `; did you mean ${near}?`
    : sameName.length > 0
      ? `; did you mean one of ${sameName.join(", ")}?`
      : "; trellis components lists every type";
  throw new UsageError(`unknown component type "${visible(type)}"${suggestion}`);
}

function listTable(types: readonly ComponentTypeSummary[], source: string): string {
  const rows = types
    .filter((row) => row.aliasOf === undefined)
    .map((row) => [
      row.type,
      row.versions.join(", "),
      row.status,
      row.aliases.join(", "),
      row.registered ? "" : "daprd does not load this name",
    ]);
  const aliases = types.filter((row) => row.aliasOf !== undefined).length;
  const unloaded = types.filter((row) => !row.registered).length;
  return [
    ...table(["TYPE", "VERSIONS", "STATUS", "ALIASES", "NOTE"], rows),
    "",
    `${rows.length} types, ${aliases} more names daprd registers for them, ${unloaded} names only a contract ` +
      `gives (daprd does not load them); contracts: ${source}.`,
    "trellis components TYPE prints one type's metadata fields.",
  ].join("\n");
}

function describeTable(description: ComponentTypeDescription, catalogue: ComponentCatalogue): string {
  const summary = catalogue.list().find((row) => row.type === description.type);
  const header = [
    `${description.type} ${description.version}${description.title ? `: ${description.title}` : ""}${description.status ? ` (${description.status})` : ""}`,
    ...(description.aliasOf ? [`daprd's other name for ${description.aliasOf}`] : []),
    ...(summary && summary.aliases.length > 0 ? [`also loaded as: ${summary.aliases.join(", ")}`] : []),
    ...(summary ? [`versions: ${summary.versions.join(", ")}`] : []),
    ...(description.registered
      ? []
      : [
          `daprd does not load this name: a Component of this type fails to load${
            description.registeredAs?.length ? `; daprd loads it as ${description.registeredAs.join(", ")}` : ""
          }`,
        ]),
    description.source
      ? `contract: ${description.source} (${catalogue.source})`
      : `no published contract for this version (${catalogue.source}): only daprd's own fields are known`,
  ];
  const rows = description.fields.map((field) => [
    field.name,
    field.type,
    field.required ? "yes" : field.requiredByProfiles.length > 0 ? "by profile" : "",
    field.default ?? "",
    notes(field),
    field.description.replace(/\s+/g, " ").trim(),
  ]);
  const profiles = description.authenticationProfiles.map(
    (profile) =>
      `  ${profile.title}: ${profile.required.length > 0 ? profile.required.join(", ") : "(nothing required)"}`,
  );
  return [
    ...header,
    "",
    ...(rows.length > 0
      ? table(["FIELD", "TYPE", "REQUIRED", "DEFAULT", "NOTES", "DESCRIPTION"], rows)
      : ["no fields"]),
    ...(profiles.length > 0
      ? ["", "Authentication profiles (one must be complete), with the fields each requires:", ...profiles]
      : []),
  ].join("\n");
}

function notes(field: ComponentFieldSummary): string {
  return [
    ...(field.sensitive ? ["sensitive: secretKeyRef only"] : []),
    ...(field.deprecated ? ["deprecated"] : []),
    ...(field.allowedValues.length > 0 ? [`one of ${field.allowedValues.join("|")}`] : []),
    ...(field.origin === "daprd" ? ["read by daprd"] : field.origin === "profile" ? ["profile field"] : []),
  ].join("; ");
}

/** Aligned columns, two spaces apart; the last column is not padded. */
function table(headings: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cells = [headings, ...rows].map((row) => row.map((cell) => visible(cell)));
  const widths = headings.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  return cells.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
