// What must be an environment's own: a copied environment file that kept another's identity would share its SPIFFE
// trust domain (each environment's sidecars would accept the other's workloads) or read and write the other's Vault
// secrets. Names decide the rest (the delivery path deploy/<env>/, the Pulumi stack, the ApplicationSet's cluster
// label), and file names are unique, so those cannot collide.
import type { Environment } from "./declarations/environment.ts";

export interface IdentityCollision {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

interface Identity {
  readonly path: string;
  readonly what: string;
  /** What is compared between environments (a Vault path includes its server). */
  readonly key: string;
  /** The field's value as declared, and the value its environment's name suggests. */
  readonly value: string;
  readonly suggested: string;
}

function identitiesOf(environment: Environment): Identity[] {
  const { name, secrets } = environment;
  const identities: Identity[] = [
    {
      path: "dapr.trustDomain",
      what: "SPIFFE trust domain",
      key: environment.dapr.trustDomain,
      value: environment.dapr.trustDomain,
      suggested: `${name}.trellis`,
    },
  ];
  if (secrets.provider === "external-secrets") {
    const server = secrets.vault.server.replace(/\/+$/, "");
    identities.push(
      {
        path: "secrets.remoteKeyPrefix",
        what: "Vault key prefix",
        key: `${server} ${secrets.vault.path}/${secrets.remoteKeyPrefix}`,
        value: secrets.remoteKeyPrefix,
        suggested: `trellis/${name}/`,
      },
      {
        path: "secrets.vault.authMountPath",
        what: "Vault Kubernetes auth mount (it trusts one cluster's service-account tokens)",
        key: `${server} ${secrets.vault.authMountPath}`,
        value: secrets.vault.authMountPath,
        suggested: `kubernetes-${name}`,
      },
    );
  }
  return identities;
}

/**
 * Every identity two or more environments share, reported on each of their files and naming the others. The fix
 * goes to the file whose value does not fit its own name (the copy), and suggests one that does.
 */
export function identityCollisions(
  environments: readonly { readonly file: string; readonly value: Environment }[],
): IdentityCollision[] {
  const holders = new Map<string, { file: string; identity: Identity }[]>();
  for (const { file, value } of environments)
    for (const identity of identitiesOf(value)) {
      const key = `${identity.path}\u0000${identity.key}`;
      holders.set(key, [...(holders.get(key) ?? []), { file, identity }]);
    }
  const collisions: IdentityCollision[] = [];
  for (const sharing of holders.values()) {
    if (sharing.length < 2) continue;
    for (const { file, identity } of sharing) {
      const others = sharing
        .filter((other) => other.file !== file)
        .map((other) => other.file)
        .sort()
        .join(", ");
      const fix =
        identity.value === identity.suggested
          ? `it fits this environment's name: give ${others} one of its own`
          : `set ${identity.path} to one of its own, e.g. "${identity.suggested}"`;
      collisions.push({
        file,
        path: identity.path,
        message: `the same ${identity.what} as ${others} (${identity.key}); a copied environment must not keep another's identity: ${fix}`,
      });
    }
  }
  return collisions;
}
