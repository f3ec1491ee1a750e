// Secret rules: Secret data in the manifests, and credentials pasted anywhere else.
import { PASSWORD_IN_URL, PRIVATE_KEY_BLOCK } from "../lib/declarations/credentials.ts";
import type { ObjectSet, SetObject } from "./object-set.ts";
import { finding, strictOutsideDev, type Finding, type Rule } from "./rule.ts";

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
    // A CRD's text is its schema's documentation (examples of key blocks included), never a value.
    for (const object of set.objects.filter((candidate) => candidate.kind !== "Secret" && candidate.kind !== "CustomResourceDefinition")) scan(object, object.object, "", found, this);
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

const clusterStoreUnrestricted: Rule = {
  id: "secrets/cluster-store-unrestricted",
  summary: "A ClusterSecretStore without spec.conditions limiting the namespaces that may use it.",
  why: "Any namespace can create an ExternalSecret against it and read any key the store's credentials reach.",
  fix: "Add spec.conditions: [{namespaces: [...]}] (or namespaceSelector) listing the namespaces that read secrets from it.",
  reference: "https://external-secrets.io/latest/api/clustersecretstore/",
  severity: "warning in dev, error in staging and prod",
  check(set, profile) {
    return set
      .ofKind("ClusterSecretStore")
      .filter((store) => {
        const conditions = (store.object.spec?.conditions ?? []) as { namespaces?: unknown[]; namespaceSelector?: unknown; namespaceRegexes?: unknown[] }[];
        return !conditions.some((condition) => (condition.namespaces ?? []).length > 0 || condition.namespaceSelector !== undefined || (condition.namespaceRegexes ?? []).length > 0);
      })
      .map((store) => finding(this, store, strictOutsideDev(profile), "spec.conditions", `ClusterSecretStore ${store.name} serves every namespace`));
  },
};

export const SECRET_RULES: readonly Rule[] = [plaintext, clusterStoreUnrestricted];
