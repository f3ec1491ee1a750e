// The one credential detector: whether a value in a declaration, a manifest or a diff is a credential, what kind,
// and how to take it out. Synth refuses such values, `trellis check` reports them (secrets/plaintext,
// dapr/inline-secret) and the review masks them, all with this module.
//
// Sources, in order:
//  1. fields the caller declares sensitive (`sensitive`): any literal in them is a credential. This is the seam for a
//     component contract's list of sensitive fields; today Dapr component metadata passes `isCredentialName`.
//  2. values that are credentials whatever field holds them: a password in a URL, a connection string's password or
//     key, a PEM private key, known token formats (GitHub, AWS, Slack, Google, Stripe, JWTs, bearer tokens).
//  3. fields whose name says key material or a password (privateKey, private_key, clientSecret, apiKey, token,
//     password) with a literal that is not a placeholder or a file path.
//  4. high-entropy base64 or hex in any other credential-named field (secret, accessKey, masterKey, ...).

export interface Credential {
  /** What the value is, for a message: "a password in a URL", "a GitHub token". */
  readonly what: string;
  /** How to take it out of the manifest or declaration. */
  readonly fix: string;
}

export interface DetectOptions {
  /** Fields whose every literal value is a credential (a component contract's sensitive fields). */
  readonly sensitive?: (field: string) => boolean;
}

export const SECRET_REF_FIX =
  "move the value into a Secret and reference it with secretKeyRef (a container's env: valueFrom.secretKeyRef; a Dapr component's metadata: secretKeyRef with auth.secretStore)";
export const URL_FIX =
  "drop the user info (user:password@) from the URL and use secretKeyRef for the password (in a Dapr component, its own password metadata item)";

/** Names of fields that hold credentials (redisPassword, saslPassword, connectionString, accessKey, clientSecret...). */
const CREDENTIAL_NAME =
  /(password|passwd|passphrase|pwd|secret|token|credentials?|connectionstring|(access|api|private|client|secret|shared|master|account|signing|encryption|sas)_?key)$/i;
/** Names that say key material or a password: any literal in them is one. */
const KEY_MATERIAL_NAME = /(private_?key|client_?secret|api_?key|token|password|passwd|passphrase)$/i;

export const PASSWORD_IN_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@?#]*:([^\s/@?#]+)@/i;
export const PRIVATE_KEY_BLOCK = /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/;

/** Connection-string keys that carry a secret (ADO.NET's `;`-separated, libpq's space-separated): Password=, Pwd=, AccountKey=, SharedAccessKey=. */
const CONNECTION_STRING_SECRET = /(?:^|[;\s])(password|pwd|accountkey|sharedaccesskey)\s*=\s*([^;\s]*)/i;

const TOKENS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, what: "a GitHub token" },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/, what: "a GitHub fine-grained token" },
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: "an AWS access key id" },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, what: "a Slack token" },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, what: "a Google API key" },
  { pattern: /\b[sr]k_live_[0-9A-Za-z]{24,}\b/, what: "a Stripe live key" },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, what: "a JSON Web Token" },
  { pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]{20,}=*/, what: "a bearer token" },
];

/** Whether a field's name says it holds a credential; what synth refuses literals for and the review masks. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** A value that stands for one given elsewhere: ${VAR}, $(VAR), {{ .Values.x }}, <password>, or nothing at all. */
function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed === "" ||
    /^(\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|<[^<>]*>|\*+|x+)$/is.test(trimmed) ||
    /^(true|false|yes|no|null|none|~)$/i.test(trimmed)
  );
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Random-looking base64 or hex, as generated keys are; words, names and versions are not. */
function isHighEntropy(value: string): boolean {
  const trimmed = value.trim();
  if (/^[0-9a-f]{32,}$/i.test(trimmed)) return entropy(trimmed) >= 3;
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(trimmed)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(trimmed)).length;
  return classes >= 2 && entropy(trimmed) >= 3.5;
}

/** Whether a value is a credential in every field: what the other sources add to a field's name. */
export function credentialInValue(value: string): Credential | undefined {
  const url = PASSWORD_IN_URL.exec(value);
  if (url && !isPlaceholder(decodeURIComponentSafe(url[1] ?? ""))) return { what: "a password in a URL", fix: URL_FIX };
  const connection = CONNECTION_STRING_SECRET.exec(value);
  if (connection && !isPlaceholder(connection[2] ?? ""))
    return {
      what: `a connection string with its ${connection[1]}`,
      fix: `take ${connection[1]}=… out of the connection string and ${SECRET_REF_FIX}`,
    };
  if (PRIVATE_KEY_BLOCK.test(value)) return { what: "a private key", fix: SECRET_REF_FIX };
  const token = TOKENS.find(({ pattern }) => pattern.test(value));
  return token ? { what: token.what, fix: `revoke it, then ${SECRET_REF_FIX}` } : undefined;
}

/**
 * Whether `value`, found in the field named `field` (a key, an env var's or a metadata item's name; "" when it has
 * none), is a credential. Strings and numbers (`password: 1234`) can be; booleans and references (objects) cannot.
 */
export function detectCredential(
  field: string,
  candidate: unknown,
  options: DetectOptions = {},
): Credential | undefined {
  const value = typeof candidate === "number" ? String(candidate) : candidate;
  if (typeof value !== "string" || isPlaceholder(value)) return undefined;
  if (field !== "" && options.sensitive?.(field))
    return (
      credentialInValue(value) ?? { what: `a literal value in the sensitive field "${field}"`, fix: SECRET_REF_FIX }
    );
  const inValue = credentialInValue(value);
  if (inValue) return inValue;
  if (field === "") return undefined;
  // A path names where the secret is mounted (tokenPath is not a token; a token: /var/run/... is its file).
  if (KEY_MATERIAL_NAME.test(field) && !/^\/[\w./-]*$/.test(value.trim()))
    return { what: `a literal value in "${field}"`, fix: SECRET_REF_FIX };
  if (isCredentialName(field) && isHighEntropy(value))
    return { what: `a generated key in "${field}"`, fix: SECRET_REF_FIX };
  return undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
