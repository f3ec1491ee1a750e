// Secret rules: Secret data in the manifests, and credentials pasted anywhere else.
import { PASSWORD_IN_URL, PRIVATE_KEY_BLOCK } from "../lib/declarations/credentials.ts";
import type { ObjectSet, SetObject } from "./object-set.ts";
import { finding, type Finding, type Rule } from "./rule.ts";

/** Values that are credentials whatever field holds them. */
const CREDENTIAL_PATTERNS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: PRIVATE_KEY_BLOCK, what: "a private key" },
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: "a cloud access key id" },
  { pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]{20,}=*/, what: "a bearer token" },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/, what: "a GitHub token" },
  { pattern: PASSWORD_IN_URL, what: "a password in a URL" },
];

const plaintext: Rule = {
  id: "secrets/plaintext",
  summary: "A Secret with data in the set, or a value anywhere that looks like a credential.",
  why: "Whatever is in git is readable by everyone with the repository, forever.",
  fix: "Deliver the value with External Secrets, Sealed Secrets or the bootstrap, and reference it (secretKeyRef).",
  reference: "https://argo-cd.readthedocs.io/en/stable/operator-manual/secret-management/",
  severity: "error in every profile",
  check(set: ObjectSet) {
    const found: Finding[] = [];
    for (const secret of set.ofKind("Secret", "")) {
      for (const field of ["data", "stringData"]) {
        if (Object.keys(secret.object[field] ?? {}).length > 0) found.push(finding(this, secret, "error", field, `Secret ${secret.name} carries its values in the manifest`));
      }
    }
    for (const object of set.objects.filter((candidate) => candidate.kind !== "Secret")) scan(object, object.object, "", found, this);
    return found;
  },
};

function scan(owner: SetObject, value: unknown, path: string, found: Finding[], rule: Rule): void {
  if (typeof value === "string") {
    const match = CREDENTIAL_PATTERNS.find(({ pattern }) => pattern.test(value));
    if (match) found.push(finding(rule, owner, "error", path, `${path || "the object"} holds ${match.what}`));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => scan(owner, item, `${path}[${index}]`, found, rule));
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) scan(owner, inner, path ? `${path}.${key}` : key, found, rule);
  }
}

export const SECRET_RULES: readonly Rule[] = [plaintext];
