// Expands a metadata.yaml's builtinAuthenticationProfiles from .build-tools/builtin-authentication-profiles.yaml,
// as components-contrib's build tools do (.build-tools/pkg/metadataschema/builtin-authentication-profiles.go).

/** A metadata item as metadata.yaml and the profiles file write it (component-metadata-schema.json "Metadata"). */
export interface RawMetadataItem {
  name: string;
  description?: string;
  required?: boolean;
  sensitive?: boolean;
  type?: string;
  default?: unknown;
  example?: unknown;
  allowedValues?: unknown[];
  binding?: { input?: boolean; output?: boolean };
  deprecated?: boolean;
}

export interface RawAuthenticationProfile {
  title: string;
  description?: string;
  metadata?: RawMetadataItem[];
}

export interface RawBuiltinProfileReference {
  name: string;
  metadata?: RawMetadataItem[];
}

export type BuiltinProfiles = Readonly<Record<string, readonly RawAuthenticationProfile[]>>;

/**
 * Upstream keeps Kafka and PostgreSQL on their older AWS fields during a transition: for these two components
 * accessKey, secretKey and region are optional, "Assume IAM Role" needs region and drops the aws* duplicates,
 * and the environment-variable and Roles Anywhere profiles drop every aws* field.
 */
function inAwsTransition(componentTitle: string): boolean {
  return componentTitle === "Apache Kafka" || componentTitle.toLowerCase() === "postgresql";
}

export function expandBuiltinProfile(
  reference: RawBuiltinProfileReference,
  componentTitle: string,
  builtins: BuiltinProfiles,
): RawAuthenticationProfile[] {
  const profiles = builtins[reference.name];
  if (!profiles) throw new Error(`built-in authentication profile "${reference.name}" does not exist`);
  const transition = inAwsTransition(componentTitle);
  return profiles.map((profile) => {
    // Copies: the shared profiles are reused by every component.
    let items = (profile.metadata ?? []).map((item) => ({ ...item }));
    if (transition) {
      for (const item of items) if (["accessKey", "secretKey", "region"].includes(item.name)) item.required = false;
    }
    items = [...(reference.metadata ?? []).map((item) => ({ ...item })), ...items];
    if (transition && profile.title === "AWS: Assume IAM Role") {
      const dropped = ["awsAccessKey", "awsSecretKey", "awsSessionToken", "awsRegion"];
      items = items
        .filter((item) => !dropped.includes(item.name))
        .map((item) => (item.name === "region" ? { ...item, required: true } : item));
    }
    if (
      transition &&
      (profile.title === "AWS: Credentials from Environment Variables" || profile.title === "AWS: IAM Roles Anywhere")
    ) {
      items = items.filter((item) => !item.name.startsWith("aws"));
    }
    return { ...profile, metadata: items };
  });
}
