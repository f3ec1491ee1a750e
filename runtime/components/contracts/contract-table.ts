// The shape of generated/component-contracts.json: what daprd loads and what each component's metadata.yaml says.

/** The Component kinds daprd has a registry for; the prefix of every spec.type of that kind. */
export const COMPONENT_KINDS = [
  "bindings",
  "configuration",
  "conversation",
  "crypto",
  "lock",
  "middleware.http",
  "nameresolution",
  "pubsub",
  "secretstores",
  "state",
  "workflows",
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Field types of component-metadata-schema.json; an absent type means "string". */
export type FieldType = "string" | "number" | "bool" | "duration" | "bytesize";

export type BindingDirection = "input" | "output";

export type ComponentStatus = "stable" | "beta" | "alpha" | "development-only";

export interface ContractField {
  name: string;
  type: FieldType;
  /** Required whatever the authentication profile; profile requirements are in the profiles. */
  required?: true;
  /** A credential: it must come from a secret, never a literal. */
  sensitive?: true;
  default?: string;
  allowedValues?: string[];
  deprecated?: true;
  /** Bindings: the field applies to this direction only. */
  binding?: BindingDirection;
  /** Declared only by authentication profiles. */
  profileOnly?: true;
  /** First sentence of the upstream description. */
  description: string;
}

export interface AuthenticationProfile {
  title: string;
  /** Every field the profile uses, by name. */
  fields: string[];
  /** The fields this profile needs; a component is configured when one profile has all of its own. */
  required: string[];
  /** Values a field must take for this profile (e.g. authType "password" selects SASL), where it restricts them. */
  allowedValues?: Record<string, string[]>;
}

/** One metadata.yaml, with its built-in authentication profiles expanded. */
export interface ComponentContract {
  /** spec.type as the metadata.yaml names it (middleware under middleware/http as "middleware.http.<name>"). */
  type: string;
  version: string;
  status: ComponentStatus;
  title: string;
  /** Path of the metadata.yaml in components-contrib. */
  source: string;
  capabilities?: string[];
  binding?: { input: boolean; output: boolean };
  fields: ContractField[];
  authenticationProfiles: AuthenticationProfile[];
}

export interface TypeVersion {
  /** Key in `contracts`; absent: daprd registers this version but no metadata.yaml describes it (fields unchecked). */
  contract?: string;
  /** daprd logs a deprecation warning when a Component uses this version. */
  deprecated?: true;
}

/** A spec.type: a name daprd registers, or one a metadata.yaml names. */
export interface ComponentTypeEntry {
  kind: ComponentKind;
  /** daprd 1.18.3 (built with the allcomponents tag, as released) registers this name. */
  registered: boolean;
  /** The file in dapr's cmd/daprd/components that registers it. */
  registeredIn?: string;
  /** Another name daprd registers for the same component and versions; that entry is the canonical one. */
  aliasOf?: string;
  /** The other names daprd registers for this component (on the canonical entry). */
  aliases?: string[];
  /** Not registered: the names daprd does register for the component this metadata.yaml describes. */
  registeredAs?: string[];
  /** Registered without versions: daprd also accepts version "v0" (and none) as "v1". */
  initialVersionFallback?: true;
  /** Bindings: the directions daprd registers (an input and/or an output binding). */
  bindingDirections?: BindingDirection[];
  /** The version daprd prefers when it registers several. */
  preferredVersion?: string;
  versions: Record<string, TypeVersion>;
}

export interface ContractsTable {
  /** The components-contrib release the contracts come from. */
  contribVersion: string;
  /** The dapr release whose daprd registrations were read. */
  daprVersion: string;
  types: Record<string, ComponentTypeEntry>;
  /** By the metadata.yaml's folder in components-contrib, e.g. "state/postgresql/v2". */
  contracts: Record<string, ComponentContract>;
  /** "type@version"s daprd registers that no metadata.yaml describes: accepted, their fields unchecked. */
  registeredWithoutContract: string[];
  /** Types a metadata.yaml names that daprd does not register: a Component of such a type fails to load. */
  notRegistered: string[];
}
