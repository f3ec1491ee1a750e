// The Vault an environment's ClusterSecretStore names, played in the rehearsal by a stand-in beside the cluster:
// Vault's own server does not build from the Go module proxy (v1.21.4 needs its in-tree sdk, which matches no
// published sdk version), so this speaks the four calls of Vault's HTTP API that External Secrets' Vault provider
// makes with Kubernetes auth and a KV version 2 engine: login, token lookup-self and revoke-self, and a read.
// Login is judged as Vault's Kubernetes auth judges it: the API server's TokenReview must authenticate the token as
// a service account the role binds. Everything is read from the rendered objects (the store's URL, path, auth mount,
// role and service account; every key and property an ExternalSecret reads), so the rehearsal proves the output.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { serverCertificate } from "../../lib/tools/server-certificate.ts";

interface VaultStore {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly provider: {
      readonly vault?: {
        readonly server: string;
        readonly path: string;
        readonly version?: string;
        readonly auth?: {
          readonly kubernetes?: {
            readonly mountPath: string;
            readonly role: string;
            readonly serviceAccountRef?: { readonly name: string; readonly namespace?: string };
          };
        };
      };
    };
  };
}

interface ExternalSecretObject {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly secretStoreRef: { readonly kind: string; readonly name: string };
    readonly data?: readonly { readonly remoteRef: { readonly key: string; readonly property?: string } }[];
  };
}

export interface VaultStandInOptions {
  /** The rendered objects whose stores and ExternalSecrets it serves (an upgrade's both revisions). */
  readonly objects: readonly Record<string, unknown>[];
  /** Where its TLS files go; removed by the caller. */
  readonly folder: string;
  /** The address on the pod network it listens on (pods map the store's host name to it). */
  readonly address: string;
  /** The API server that reviews service-account tokens, and a token allowed to ask it. */
  readonly apiServer: { readonly host: string; readonly port: number; readonly caFile: string };
  readonly reviewerToken: string;
  readonly log: (line: string) => void;
}

export interface VaultStandIn {
  /** The CA of its certificate, for the pods to trust (as a corporate CA would be). */
  readonly ca: string;
  /** The host names pods reach it by. */
  readonly hosts: readonly string[];
  /** Each secret it serves: key → property → value, for the check that compares the synced Secrets. */
  readonly values: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Logins it refused, with the reason, for the report. */
  refusals(): readonly string[];
  stop(): Promise<void>;
}

/** The secrets a role's policy reads: "<kv path>/<key>" → property → value. */
type Readable = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** A login role of a Kubernetes auth mount: the service account it binds and the secrets its policy reads. */
interface Role {
  readonly serviceAccount: string;
  readonly namespace: string;
  readonly readable: Readable;
}

interface Token {
  readonly policy: string;
  readonly readable: Readable;
  readonly expires: number;
}

const TOKEN_TTL_SECONDS = 3600;

/** Undefined where no rendered ClusterSecretStore uses Vault (dev's secrets come from the bootstrap). */
export async function startVaultStandIn(options: VaultStandInOptions): Promise<VaultStandIn | undefined> {
  const { objects } = options;
  const stores = objects
    .filter((object) => object.kind === "ClusterSecretStore")
    .map((object) => object as unknown as VaultStore)
    .filter((store) => store.spec?.provider?.vault);
  if (stores.length === 0) return undefined;
  const servers = [...new Set(stores.map((store) => store.spec.provider.vault!.server))];
  if (servers.length !== 1) throw new Error(`the stores name more than one Vault: ${servers.join(", ")}`);
  const server = new URL(servers[0]!);
  if (server.protocol !== "https:") throw new Error(`the store's Vault ${server.href} is not reached over TLS`);
  const port = Number(server.port || 443);
  const externalSecrets = objects
    .filter((object) => object.kind === "ExternalSecret")
    .map((object) => object as unknown as ExternalSecretObject);

  // mount → role name → role; remote key → property → value.
  const mounts = new Map<string, Map<string, Role>>();
  const values = new Map<string, Record<string, string>>();
  for (const store of stores) {
    const vault = store.spec.provider.vault!;
    const kubernetes = vault.auth?.kubernetes;
    if (!kubernetes?.serviceAccountRef)
      throw new Error(
        `ClusterSecretStore ${store.metadata.name}: only Kubernetes auth with a service account is rehearsed`,
      );
    if ((vault.version ?? "v2") !== "v2")
      throw new Error(`ClusterSecretStore ${store.metadata.name}: only a KV version 2 engine is rehearsed`);
    const served = externalSecrets.filter(
      (secret) =>
        secret.spec.secretStoreRef.kind === "ClusterSecretStore" &&
        secret.spec.secretStoreRef.name === store.metadata.name,
    );
    const entries = served.flatMap((secret) => secret.spec.data ?? []);
    const keys = [...new Set(entries.map((entry) => entry.remoteRef.key))].sort();
    for (const key of keys) {
      const properties = [
        ...new Set(
          entries.filter((entry) => entry.remoteRef.key === key).map((entry) => entry.remoteRef.property ?? "value"),
        ),
      ].sort();
      const data = Object.fromEntries(properties.map((property) => [property, randomBytes(12).toString("hex")]));
      values.set(key, data);
    }
    const roles = mounts.get(kubernetes.mountPath) ?? new Map<string, Role>();
    roles.set(kubernetes.role, {
      serviceAccount: kubernetes.serviceAccountRef.name,
      namespace: kubernetes.serviceAccountRef.namespace ?? "default",
      readable: new Map(keys.map((key) => [`${vault.path}/${key}`, values.get(key)!])),
    });
    mounts.set(kubernetes.mountPath, roles);
  }

  const tls = await serverCertificate(join(options.folder, "tls"), "vault", [server.hostname], options.address);
  const apiCa = await readFile(options.apiServer.caFile, "utf8");
  const tokens = new Map<string, Token>();
  const refused: string[] = [];
  const review = (jwt: string) => tokenReview(options.apiServer, apiCa, options.reviewerToken, jwt);

  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const answer = (status: number, body?: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const errors = (status: number, ...messages: string[]) => answer(status, { errors: messages });
    const path = new URL(incoming.url ?? "/", "https://vault").pathname.replace(/^\/v1\//, "");
    const body = await text(incoming);
    const login = /^auth\/(.+)\/login$/.exec(path);
    if (incoming.method === "POST" || incoming.method === "PUT") {
      if (login) {
        const { role: roleName, jwt } = (body ? JSON.parse(body) : {}) as { role?: string; jwt?: string };
        if (!mounts.has(login[1]!)) return errors(404, `no handler for route "${path}"`);
        const role = mounts.get(login[1]!)!.get(roleName ?? "");
        if (!role || !jwt) return errors(400, `invalid role name "${roleName ?? ""}"`);
        const user = await review(jwt).catch((error: Error) => `TokenReview failed: ${error.message}`);
        const expected = `system:serviceaccount:${role.namespace}:${role.serviceAccount}`;
        if (user !== expected) {
          refused.push(`${login[1]}/${roleName}: ${user ?? "token not authenticated"}`);
          return errors(403, "permission denied");
        }
        const token = `hvs.${randomBytes(18).toString("base64url")}`;
        tokens.set(token, {
          policy: `${login[1]}-${roleName}`,
          readable: role.readable,
          expires: Date.now() + TOKEN_TTL_SECONDS * 1000,
        });
        return answer(200, {
          auth: {
            client_token: token,
            accessor: randomBytes(12).toString("hex"),
            policies: ["default", `${login[1]}-${roleName}`],
            token_policies: ["default", `${login[1]}-${roleName}`],
            lease_duration: TOKEN_TTL_SECONDS,
            renewable: true,
            metadata: { role: roleName, service_account_name: role.serviceAccount },
          },
        });
      }
    }
    const token = tokens.get(String(incoming.headers["x-vault-token"] ?? ""));
    if (!token || token.expires < Date.now()) return errors(403, "permission denied");
    if (path === "auth/token/lookup-self" && incoming.method === "GET") {
      const ttl = Math.max(0, Math.round((token.expires - Date.now()) / 1000));
      return answer(200, {
        data: {
          // External Secrets refuses a lookup without the token's type (providers/v1/vault/auth.go).
          type: "service",
          ttl,
          expire_time: new Date(token.expires).toISOString(),
          policies: ["default", token.policy],
          renewable: true,
        },
      });
    }
    if (path === "auth/token/revoke-self" && (incoming.method === "POST" || incoming.method === "PUT")) {
      tokens.delete(String(incoming.headers["x-vault-token"]));
      return answer(204);
    }
    const read = /^(.+?)\/data\/(.+)$/.exec(path);
    if (read && incoming.method === "GET") {
      const data = token.readable.get(`${read[1]}/${read[2]}`);
      if (!data) return errors(403, "permission denied");
      return answer(200, {
        data: {
          data,
          metadata: { created_time: STARTED, deletion_time: "", destroyed: false, version: 1 },
        },
      });
    }
    return errors(405, `unsupported operation ${incoming.method} ${path}`);
  };
  const https: Server = createServer({ key: tls.key, cert: tls.certificate }, (incoming, response) => {
    handle(incoming, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ errors: [error.message] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    https.once("error", reject);
    https.listen(port, options.address, () => resolve());
  });
  options.log(
    `Vault stand-in on https://${server.hostname}:${port} (${options.address}): ${values.size} secrets for ${externalSecrets.length} ExternalSecrets`,
  );
  return {
    ca: tls.ca,
    hosts: [server.hostname],
    values,
    refusals: () => [...refused],
    stop: () =>
      new Promise((resolve) => {
        https.closeAllConnections();
        https.close(() => resolve());
      }),
  };
}

const STARTED = new Date().toISOString();

/** The user the API server's TokenReview authenticates the token as, or undefined where it does not. */
function tokenReview(
  apiServer: VaultStandInOptions["apiServer"],
  ca: string,
  reviewerToken: string,
  jwt: string,
): Promise<string | undefined> {
  const payload = JSON.stringify({
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenReview",
    spec: { token: jwt },
  });
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: apiServer.host,
        port: apiServer.port,
        ca,
        method: "POST",
        path: "/apis/authentication.k8s.io/v1/tokenreviews",
        headers: {
          authorization: `Bearer ${reviewerToken}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
        timeout: 10_000,
      },
      (response) => {
        text(response).then((body) => {
          if ((response.statusCode ?? 0) >= 300)
            return reject(new Error(`${response.statusCode} ${body.slice(0, 200)}`));
          const review = JSON.parse(body) as { status?: { authenticated?: boolean; user?: { username?: string } } };
          resolve(review.status?.authenticated ? review.status.user?.username : undefined);
        }, reject);
      },
    );
    sent.once("timeout", () => sent.destroy(new Error("no answer within 10 s")));
    sent.once("error", reject);
    sent.end(payload);
  });
}
