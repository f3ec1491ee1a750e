// Typed builders for the declarations tests write: the smallest valid one of each kind, with what the test is about
// given as overrides, so a schema change fails to compile here instead of in every copied literal.
import type { AppDeclaration } from "../../lib/model/declarations/app.ts";

/** A minimal app in namespace "orders": one replica, a TCP health check, an image that carries its digest. */
export function appDeclaration(overrides: Partial<AppDeclaration> & Pick<AppDeclaration, "id">): AppDeclaration {
  return {
    description: `${overrides.id} for a test`,
    namespace: "orders",
    language: "nodejs",
    image: `ghcr.io/acme/${overrides.id}:1.0.0@sha256:${"ab".repeat(32)}`,
    port: 8080,
    protocol: "http",
    replicas: { default: 1 },
    resources: { cpu: { request: "10m" }, memory: { request: "10Mi", limit: "20Mi" } },
    health: { kind: "tcp" },
    ...overrides,
  };
}

/** The source of a declaration file that default-exports `value` as plain data. */
export function declarationSource(value: unknown): string {
  return `export default ${JSON.stringify(value, null, 2)};\n`;
}

/**
 * An environment file copied from another (`staging.ts`) as a user starts a new one: its name, and the identities that
 * must be its own (trust domain, Vault key prefix and auth mount), changed to the new name's.
 */
export function copiedEnvironment(source: string, from: string, to: string): string {
  const identity = to.toLowerCase().replaceAll("_", "x");
  const replaced = source
    .replace(`name: "${from}"`, `name: ${JSON.stringify(to)}`)
    .replace(`trustDomain: "${from}.trellis"`, `trustDomain: "${identity}.trellis"`)
    .replace(`authMountPath: "kubernetes-${from}"`, `authMountPath: "kubernetes-${identity}"`)
    .replace(`remoteKeyPrefix: "trellis/${from}/"`, `remoteKeyPrefix: "trellis/${identity}/"`);
  if (!replaced.includes(`${identity}.trellis`))
    throw new Error(`test setup: no trust domain "${from}.trellis" to copy`);
  return replaced;
}
