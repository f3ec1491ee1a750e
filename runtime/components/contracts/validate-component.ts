// Checks one Component backend against the contract of its type and version: pure, over the generated table.
import { compareCodePoints } from "../../../lib/sort.ts";
import { COMPONENT_CONTRACTS } from "./component-contracts.ts";
import type {
  AuthenticationProfile,
  BindingDirection,
  ComponentContract,
  ContractField,
  ContractsTable,
} from "./contract-table.ts";
import { closestMatches } from "../../../lib/edit-distance.ts";
import { fieldNamePattern, keyMatchesField } from "./field-names.ts";
import { legacyFieldsOf, type LegacyField } from "./legacy-fields.ts";
import { resolveType, resolveVersion } from "./resolve-type.ts";
import { runtimeFieldsOf, type RuntimeField } from "./runtime-fields.ts";
import { hasRuntimePlaceholder, valueTypeProblem } from "./value-formats.ts";

export interface ComponentToValidate {
  /** spec.type, e.g. "state.redis". */
  type: string;
  version: string;
  /** Literal values, or `{ setting: "<name>" }` for values known only when rendering. */
  metadata: Record<string, unknown>;
  /** Metadata names given as secret references (secretKeyRef). */
  secretKeys: readonly string[];
  /** Bindings: the direction Trellis renders; absent: metadata "direction", else every direction daprd registers. */
  direction?: BindingDirection;
}

export interface ContractProblem {
  /** "type", "version", "metadata.<key>", "secrets.<key>", "direction", or undefined for the whole component. */
  field: string | undefined;
  /** For a metadata or secret item that is given: whether its name or its value is wrong. */
  about?: "name" | "value";
  severity: "error" | "warning";
  message: string;
  fix: string;
}

type KnownField = ContractField | RuntimeField;

interface Given {
  key: string;
  /** "metadata" for values, "secrets" for secret references. */
  place: "metadata" | "secrets";
  value?: unknown;
}

export function validateComponent(
  component: ComponentToValidate,
  table: ContractsTable = COMPONENT_CONTRACTS,
): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const resolved = resolveType(table, component.type);
  if (!resolved) return [unknownType(component.type, table)];
  const { type, entry } = resolved;
  if (!entry.registered) problems.push(notRegistered(type, entry.registeredAs ?? []));

  const version = resolveVersion(table, entry, component.version);
  if (!version) {
    const known = Object.keys(entry.versions);
    return [
      ...problems,
      {
        field: "version",
        severity: "error",
        message: `${type} has no version "${component.version}"; known: ${known.join(", ")}`,
        fix: `use version "${entry.preferredVersion ?? known[known.length - 1]}"`,
      },
    ];
  }
  if (version.entry.deprecated) {
    problems.push({
      field: "version",
      severity: "warning",
      message: `daprd logs that ${type} ${version.version} is deprecated`,
      fix: `move to ${type} ${entry.preferredVersion ?? "of a newer version"} and check its fields`,
    });
  }
  // daprd registers this version without a metadata.yaml: accepted, fields unchecked.
  if (!version.contract || !version.contractKey) return problems;

  const contract = version.contract;
  const runtimeFields = runtimeFieldsOf(entry.kind, type);
  const known: KnownField[] = [
    ...contract.fields,
    ...runtimeFields.filter((runtime) => !contract.fields.some((field) => keyMatchesField(runtime.name, field.name))),
  ];
  const legacy = legacyFieldsOf(version.contractKey);
  const given: Given[] = [
    ...Object.entries(component.metadata).map(([key, value]) => ({ key, place: "metadata" as const, value })),
    ...component.secretKeys.map((key) => ({ key, place: "secrets" as const })),
  ];
  const directions = activeDirections(component, entry.bindingDirections, problems);

  problems.push(...duplicateKeys(given));
  for (const item of given) {
    const legacyField = legacy.find((field) => field.name.toLowerCase() === item.key.toLowerCase());
    if (legacyField) {
      problems.push(legacyProblem(item, legacyField, type, version.version));
      continue;
    }
    const field = known.find((candidate) => keyMatchesField(item.key, candidate.name));
    if (!field) {
      problems.push(unknownField(item, known, type, version.version));
      continue;
    }
    // daprd's own reading of the key applies even where the contract lists the field too (pubsub.redis consumerID).
    const readByDaprd = runtimeFields.find((runtime) => keyMatchesField(item.key, runtime.name));
    if (readByDaprd?.exactName && item.key !== readByDaprd.name) problems.push(exactNameProblem(item, readByDaprd));
    problems.push(...fieldProblems(item, field, type, version.version));
  }
  problems.push(...missingRequired(component, contract, known, legacy, directions, type, version.version));
  return problems;
}

function unknownType(type: string, table: ContractsTable): ContractProblem {
  const registered = Object.keys(table.types)
    .filter((name) => table.types[name]?.registered)
    .sort(compareCodePoints);
  let suggestions = closestMatches(type, registered);
  if (suggestions.length === 0) {
    // The same component under another kind, e.g. "state.kafka" for "pubsub.kafka".
    const name = type.slice(type.indexOf(".") + 1).toLowerCase();
    suggestions = registered.filter((candidate) => candidate.slice(candidate.indexOf(".") + 1) === name).slice(0, 3);
  }
  return {
    field: "type",
    severity: "error",
    message: `unknown component type "${type}": daprd ${table.daprVersion} registers no such type`,
    fix: suggestions.length ? `did you mean ${quotedList(suggestions)}?` : "pick a type from the component listing",
  };
}

function notRegistered(type: string, registeredAs: readonly string[]): ContractProblem {
  return {
    field: "type",
    severity: "error",
    message: `${type} has a components-contrib metadata.yaml, but daprd does not register that name: the Component would fail to load`,
    fix: registeredAs.length
      ? `use ${quotedList(registeredAs)}, the name daprd registers for this component`
      : "daprd cannot load this component; pick another type",
  };
}

/** Directions daprd starts: an explicit "direction", else every direction it registers the binding for. */
function activeDirections(
  component: ComponentToValidate,
  registered: readonly BindingDirection[] | undefined,
  problems: ContractProblem[],
): BindingDirection[] {
  if (!registered) return [];
  const key = Object.keys(component.metadata).find((name) => name.toLowerCase() === "direction");
  const value = key === undefined ? component.direction : component.metadata[key];
  if (typeof value !== "string") return [...registered];
  const field = key === undefined ? "direction" : `metadata.${key}`;
  const requested = value.split(",").map((part) => part.trim().toLowerCase());
  const directions: BindingDirection[] = [];
  for (const direction of requested) {
    if (direction !== "input" && direction !== "output") {
      problems.push({
        field,
        ...(key === undefined ? {} : { about: "value" as const }),
        severity: "error",
        message: `direction "${direction}" is neither "input" nor "output"`,
        fix: `use ${quotedList(registered)}`,
      });
    } else if (!registered.includes(direction)) {
      problems.push({
        field,
        ...(key === undefined ? {} : { about: "value" as const }),
        severity: "error",
        message: `daprd registers this binding as ${registered.join(" and ")} only; as an ${direction} binding it fails to load`,
        fix: `use direction ${quotedList(registered)}`,
      });
    } else directions.push(direction);
  }
  return directions;
}

/** dapr/kit's resolveAliases refuses keys that are equal when lower-cased (kit v0.18.2 metadata/utils.go). */
function duplicateKeys(given: readonly Given[]): ContractProblem[] {
  const seen = new Map<string, Given>();
  const problems: ContractProblem[] = [];
  for (const item of given) {
    const first = seen.get(item.key.toLowerCase());
    if (!first) {
      seen.set(item.key.toLowerCase(), item);
      continue;
    }
    if (first.key === item.key) continue;
    problems.push({
      field: `${item.place}.${item.key}`,
      about: "name",
      severity: "error",
      message: `"${item.key}" and "${first.key}" differ only in case; daprd reads metadata names case-insensitively and rejects the duplicate`,
      fix: `keep one of "${first.key}" and "${item.key}"`,
    });
  }
  return problems;
}

function unknownField(item: Given, known: readonly KnownField[], type: string, version: string): ContractProblem {
  const names = known.filter((field) => !fieldNamePattern(field.name)).map((field) => field.name);
  const suggestions = closestMatches(item.key, names);
  const where = `${item.place}.${item.key}`;
  // A near miss of a known field is almost surely a typo, and the intended field is then not set.
  return suggestions.length
    ? {
        field: where,
        about: "name",
        severity: "error",
        message: `"${item.key}" is not a field of ${type} ${version}`,
        fix: `did you mean ${quotedList(suggestions)}?`,
      }
    : {
        field: where,
        about: "name",
        severity: "warning",
        message: `"${item.key}" is not a field of ${type} ${version}; the component ignores it unless it reads it undocumented`,
        fix: `remove it, or check the name against the ${type} contract`,
      };
}

function legacyProblem(item: Given, field: LegacyField, type: string, version: string): ContractProblem {
  return {
    field: `${item.place}.${item.key}`,
    about: "name",
    severity: "warning",
    message: `"${item.key}" is deprecated and not in the ${type} ${version} contract: ${field.behaviour}`,
    fix: `set ${field.replacedBy} instead`,
  };
}

function exactNameProblem(item: Given, field: RuntimeField): ContractProblem {
  return {
    field: `${item.place}.${item.key}`,
    about: "name",
    severity: "error",
    message: `daprd reads "${field.name}" by its exact name (dapr ${field.source}); "${item.key}" is not seen as it`,
    fix: `write it as "${field.name}"`,
  };
}

function fieldProblems(item: Given, field: KnownField, type: string, version: string): ContractProblem[] {
  const where = `${item.place}.${item.key}`;
  const problems: ContractProblem[] = [];
  if (field.deprecated) {
    problems.push({
      field: where,
      about: "name",
      severity: "warning",
      message: `"${field.name}" is deprecated in ${type} ${version}`,
      fix: `remove it${field.description ? `; its description says: ${field.description}` : ""}`,
    });
  }
  if (item.place === "secrets") return problems;
  const value = item.value;
  if (isSetting(value)) {
    if (field.sensitive)
      problems.push(sensitiveLiteral(where, item.key, "an environment setting is rendered as a literal value"));
    return problems;
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    problems.push({
      field: where,
      about: "value",
      severity: "error",
      message: `"${item.key}" must be a string, number or boolean (or { setting: "<name>" })`,
      fix: "give the value as a string",
    });
    return problems;
  }
  if (field.sensitive) {
    // An empty literal carries no credential: it is the same as leaving the field out.
    if (value !== "") problems.push(sensitiveLiteral(where, item.key, "a literal value would sit in the manifest"));
    return problems;
  }
  if (typeof value === "string" && (value === "" || hasRuntimePlaceholder(value))) return problems;
  const typeProblem = valueTypeProblem(field.type, value);
  if (typeProblem) {
    problems.push({
      field: where,
      about: "value",
      severity: "error",
      message: `"${item.key}" ${typeProblem} (the contract says ${field.type})`,
      fix: `give a ${field.type} value${field.default !== undefined ? `, e.g. the default "${field.default}"` : ""}`,
    });
  }
  if (field.allowedValues && !field.allowedValues.includes(String(value))) {
    const caseOnly = field.allowedValues.find((allowed) => allowed.toLowerCase() === String(value).toLowerCase());
    problems.push(
      caseOnly
        ? {
            field: where,
            about: "value",
            severity: "warning",
            message: `"${item.key}" is "${value}"; the contract spells it "${caseOnly}", and some components compare exactly`,
            fix: `write "${caseOnly}"`,
          }
        : {
            field: where,
            about: "value",
            severity: "error",
            message: `"${item.key}" is "${value}", not one of ${quotedList(field.allowedValues)}`,
            fix: `use one of ${quotedList(field.allowedValues)}`,
          },
    );
  }
  return problems;
}

function sensitiveLiteral(where: string, key: string, why: string): ContractProblem {
  return {
    field: where,
    about: "value",
    severity: "error",
    message: `"${key}" is sensitive; ${why}`,
    fix: `move it to secrets: { ${key}: { name: "<secret>", key: "<key>" } }`,
  };
}

function missingRequired(
  component: ComponentToValidate,
  contract: ComponentContract,
  known: readonly KnownField[],
  legacy: readonly LegacyField[],
  directions: readonly BindingDirection[],
  type: string,
  version: string,
): ContractProblem[] {
  const literal = (name: string): unknown => {
    const key = Object.keys(component.metadata).find((candidate) => keyMatchesField(candidate, name));
    return key === undefined ? undefined : component.metadata[key];
  };
  const substituted = (name: string) =>
    legacy.some(
      (field) =>
        field.replacedBy === name &&
        (literal(field.name) !== undefined || component.secretKeys.some((key) => keyMatchesField(key, field.name))),
    );
  const present = (name: string) =>
    (literal(name) !== undefined && literal(name) !== "") ||
    component.secretKeys.some((key) => keyMatchesField(key, name)) ||
    substituted(name);
  const problems: ContractProblem[] = [];
  for (const field of known) {
    if (!field.required || present(field.name)) continue;
    if (field.binding && !directions.includes(field.binding)) continue;
    problems.push({
      field: `metadata.${field.name}`,
      severity: "error",
      message: `${type} ${version} requires "${field.name}"${literal(field.name) === "" ? ", and it is empty" : ""}`,
      fix: `add ${field.name} to ${field.sensitive ? "secrets" : "metadata"}`,
    });
  }
  const profiles = contract.authenticationProfiles;
  if (profiles.length === 0) return problems;
  const gaps = profiles.map((profile) => profileGaps(profile, present, literal, known));
  if (gaps.some((gap) => gap.missing.length === 0 && gap.mismatched.length === 0)) return problems;
  const nearest = gaps
    .map((gap, index) => ({ ...gap, index }))
    .sort(
      (a, b) => a.mismatched.length - b.mismatched.length || a.missing.length - b.missing.length || a.index - b.index,
    )[0];
  if (!nearest) return problems;
  const needs = [...nearest.mismatched.map((m) => `${m.name} = ${quotedList(m.allowed)}`), ...nearest.missing];
  problems.push({
    field: `metadata.${nearest.mismatched[0]?.name ?? nearest.missing[0]}`,
    // One profile often documents an optional way in (etcd's TLS, the older AWS bindings' keys where an IAM role
    // also works); where the contract lists alternatives, one of them must be complete.
    severity: profiles.length > 1 ? "error" : "warning",
    message:
      profiles.length > 1
        ? `no authentication profile of ${type} ${version} is complete; the nearest, "${nearest.profile.title}", still needs ${needs.join(", ")}`
        : `the authentication profile of ${type} ${version}, "${nearest.profile.title}", still needs ${needs.join(", ")}`,
    fix: [
      `add ${nearest.missing.map((name) => `${name} (${isSensitive(name, known) ? "secrets" : "metadata"})`).join(", ") || "the values above"}`,
      ...(profiles.length > 1
        ? [
            `or complete another profile: ${profiles
              .filter((profile) => profile !== nearest.profile)
              .map((profile) => `"${profile.title}"`)
              .join(", ")}`,
          ]
        : []),
    ].join(", "),
  });
  return problems;
}

function profileGaps(
  profile: AuthenticationProfile,
  present: (name: string) => boolean,
  literal: (name: string) => unknown,
  known: readonly KnownField[],
) {
  const missing = profile.required.filter((name) => !present(name));
  // A literal that another profile's value selects (authType "password" is not the No Authentication profile).
  const mismatched = Object.entries(profile.allowedValues ?? {})
    .filter(([name, allowed]) => {
      const value = literal(name);
      return (
        (typeof value === "string" || typeof value === "number" || typeof value === "boolean") &&
        value !== "" &&
        !allowed.some((candidate) => candidate.toLowerCase() === String(value).toLowerCase()) &&
        known.some((field) => field.name === name)
      );
    })
    .map(([name, allowed]) => ({ name, allowed }));
  return { profile, missing, mismatched };
}

function isSensitive(name: string, known: readonly KnownField[]): boolean {
  return known.some((field) => field.name === name && field.sensitive);
}

function isSetting(value: unknown): value is { setting: string } {
  return typeof value === "object" && value !== null && typeof (value as { setting?: unknown }).setting === "string";
}

function quotedList(values: readonly string[]): string {
  const quoted = values.map((value) => `"${value}"`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
