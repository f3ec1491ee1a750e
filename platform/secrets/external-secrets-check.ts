// `secrets:external`: External Secrets, running for real, fetched every ExternalSecret's values from the Vault the
// ClusterSecretStore names (vault-stand-in.ts) into its target Secret: each ExternalSecret Ready, and each Secret key holding exactly
// the value Vault was given for its remote key and property (compared, never printed).
import type { Check } from "../../argocd/rehearse/check.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";
import type { VaultStandIn } from "./vault-stand-in.ts";

interface LiveExternalSecret {
  readonly metadata: { readonly namespace: string; readonly name: string };
  readonly spec: {
    readonly target?: { readonly name?: string };
    readonly data?: readonly {
      readonly secretKey: string;
      readonly remoteRef: { readonly key: string; readonly property?: string };
    }[];
  };
  readonly status?: {
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly message?: string }[];
  };
}

export async function externalSecretsCheck(
  kubectl: (args: readonly string[]) => Promise<CommandResult>,
  vault: Pick<VaultStandIn, "values"> & Partial<Pick<VaultStandIn, "refusals">>,
): Promise<Check> {
  const name = "secrets:external";
  const listed = await kubectl(["get", "externalsecrets.external-secrets.io", "-A", "-o", "json"]);
  if (listed.code !== 0) return { name, ok: false, detail: `cannot list ExternalSecrets: ${listed.stderr.trim()}` };
  const secrets = (JSON.parse(listed.stdout) as { items: LiveExternalSecret[] }).items;
  if (secrets.length === 0) return { name, ok: false, detail: "no ExternalSecret in the cluster" };
  const problems: string[] = [];
  for (const secret of secrets) {
    const id = `${secret.metadata.namespace}/${secret.metadata.name}`;
    const ready = secret.status?.conditions?.find((condition) => condition.type === "Ready");
    if (ready?.status !== "True") {
      problems.push(`${id} not Ready${ready?.message ? `: ${ready.message}` : ""}`);
      continue;
    }
    const target = secret.spec.target?.name ?? secret.metadata.name;
    const got = await kubectl(["get", "secret", "-n", secret.metadata.namespace, target, "-o", "json"]);
    if (got.code !== 0) {
      problems.push(`${id}: no Secret ${target}`);
      continue;
    }
    const data = (JSON.parse(got.stdout) as { data?: Record<string, string> }).data ?? {};
    for (const entry of secret.spec.data ?? []) {
      const expected = vault.values.get(entry.remoteRef.key)?.[entry.remoteRef.property ?? "value"];
      const actual =
        data[entry.secretKey] === undefined
          ? undefined
          : Buffer.from(data[entry.secretKey]!, "base64").toString("utf8");
      if (expected === undefined || actual !== expected)
        problems.push(
          `${id}: Secret ${target} key ${entry.secretKey} does not hold Vault's ${entry.remoteRef.key}#${entry.remoteRef.property ?? "value"}`,
        );
    }
  }
  return {
    name,
    ok: problems.length === 0,
    detail: problems.length
      ? [...problems, ...(vault.refusals?.() ?? []).map((refusal) => `Vault refused a login: ${refusal}`)].join("; ")
      : `${secrets.length} ExternalSecrets Ready, every Secret key holding the value Vault serves`,
  };
}
