import { detectCredential, isCredentialName, URL_FIX } from "../../lib/credentials/detector.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { daprComponents } from "./dapr-components.ts";

export const inlineSecret: Rule = {
  id: "dapr/inline-secret",
  summary: "A Component metadata item that carries a credential as a literal value.",
  why: "The credential sits in git and in every copy of the manifest; rotating it means a commit.",
  fix: "Replace `value:` with `secretKeyRef: {name: <secret>, key: <key>}` and set `auth.secretStore`.",
  reference: "https://docs.dapr.io/operations/components/component-secrets/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/processor/secret/secret.go", line: 134 }],
  check(set) {
    return daprComponents(set).flatMap((component) =>
      ((component.object.spec?.metadata ?? []) as { name?: string; value?: unknown }[]).flatMap((item, index) => {
        const value = item.value;
        if (value === undefined || value === null || value === "") return [];
        const literal = typeof value === "string" ? value : JSON.stringify(value);
        const credential = detectCredential(String(item.name ?? ""), literal, { sensitive: isCredentialName });
        if (!credential) return [];
        const fix =
          credential.fix === URL_FIX ? `Drop the user info from the URL and use secretKeyRef: ${URL_FIX}.` : this.fix;
        return [
          finding(
            this,
            component,
            "error",
            `spec.metadata[${index}].value`,
            `metadata "${item.name}" of Component ${component.name} is a literal credential (${credential.what})`,
            fix,
          ),
        ];
      }),
    );
  },
};
