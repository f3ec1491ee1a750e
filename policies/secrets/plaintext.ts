import { detectCredential } from "../../lib/credentials/detector.ts";
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";

export const plaintext: Rule = {
  id: "secrets/plaintext",
  summary: "A Secret with data in the set, or a value anywhere that looks like a credential.",
  why: "Whatever is in git is readable by everyone with the repository, forever.",
  fix: "Deliver the value with External Secrets, Sealed Secrets or the bootstrap, and reference it (secretKeyRef).",
  reference: "https://argo-cd.readthedocs.io/en/stable/operator-manual/secret-management/",
  severity: "error in every profile",
  upstream: [{ repository: "kubernetes/api", tag: "v0.36.3", file: "core/v1/types.go", line: 7951 }],
  check(set: ObjectSet) {
    const found: Finding[] = [];
    for (const secret of set.ofKind("Secret", "")) {
      for (const field of ["data", "stringData"]) {
        if (Object.keys(secret.object[field] ?? {}).length > 0)
          found.push(finding(this, secret, "error", field, `Secret ${secret.name} carries its values in the manifest`));
      }
    }
    // A CRD's text is its schema's documentation (examples of key blocks included), never a value. A Dapr
    // Component's metadata items are dapr/inline-secret's, with the same detector.
    for (const object of set.objects.filter(
      (candidate) => candidate.kind !== "Secret" && candidate.kind !== "CustomResourceDefinition",
    )) {
      const dapr = object.kind === "Component" && object.group === "dapr.io";
      scan(
        object,
        dapr ? { ...object.object, spec: { ...object.object.spec, metadata: undefined } } : object.object,
        "",
        "",
        found,
        this,
      );
    }
    return found;
  },
};

/**
 * Every value of the object, each with the name of its field: a key, or the `name` of a `{name, value}` item (an env
 * var, a Dapr metadata item), so that `{name: GITHUB_TOKEN, value: ...}` is judged as a field named GITHUB_TOKEN.
 */
function scan(owner: SetObject, value: unknown, path: string, field: string, found: Finding[], rule: Rule): void {
  if (typeof value === "string" || typeof value === "number") {
    const credential = detectCredential(field, value);
    if (credential)
      found.push(
        finding(
          rule,
          owner,
          "error",
          path,
          `${path || "the object"} holds ${credential.what}`,
          `${credential.fix[0]?.toUpperCase()}${credential.fix.slice(1)}.`,
        ),
      );
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => scan(owner, item, `${path}[${index}]`, field, found, rule));
  } else if (value && typeof value === "object") {
    const entries = value as Record<string, unknown>;
    const named = typeof entries.name === "string" ? entries.name : undefined;
    for (const [key, inner] of Object.entries(entries))
      scan(
        owner,
        inner,
        path ? `${path}.${/^[A-Za-z_][\w-]*$/.test(key) ? key : `["${key}"]`}` : key,
        key === "value" && named !== undefined ? named : key,
        found,
        rule,
      );
  }
}
