// Recognises credentials given as literal values, so they can be refused before anything is rendered.

const CREDENTIAL_NAME =
  /(password|passwd|passphrase|secret|token|credential|connectionstring|(access|api|private|client|secret|shared|master|account|signing|encryption|sas)key)$/i;

/** Names of metadata fields that hold credentials in Dapr components (redisPassword, saslPassword, connectionString, accessKey...). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** user:password@ in a URL. */
export const PASSWORD_IN_URL = /:\/\/[^/\s:@]+:[^/\s@]+@/;
export const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

const CREDENTIAL_VALUE: readonly RegExp[] = [
  PASSWORD_IN_URL,
  PRIVATE_KEY_BLOCK,
  /\bAKIA[0-9A-Z]{16}\b/, // cloud access key id
  /\bpassword=[^\s;]+/i, // key=value connection strings
];

/** Values that carry a credential whatever their field is called. */
export function looksLikeCredential(value: string): boolean {
  return CREDENTIAL_VALUE.some((pattern) => pattern.test(value));
}
