// The Vault stand-in answers External Secrets' calls as Vault's Kubernetes auth and KV version 2 engine would: a
// login only for the service account the rendered store's role binds (the API server's TokenReview decides), reads
// only of the keys the environment's ExternalSecrets name, with the values it reports for the secrets check.
import { request } from "node:https";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVaultStandIn, type VaultStandIn } from "../../platform/secrets/vault-stand-in.ts";
import { PROJECT_ROOT } from "../support/project.ts";
import { loadDeploy } from "../../argocd/rehearse/environment-applications.ts";
import { clusterPerDescribe } from "../support/local-cluster.ts";
import { TEMP_PREFIX } from "../support/leftovers.ts";

const HOST = "vault.staging.internal.example.com";
const ADDRESS = `127.83.${1 + Math.floor(Math.random() * 200)}.1`;

interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

describe("the Vault stand-in", () => {
  const cluster = clusterPerDescribe(async (started) => {
    for (const args of [
      ["create", "namespace", "external-secrets"],
      ["create", "serviceaccount", "-n", "external-secrets", "external-secrets"],
      ["create", "serviceaccount", "-n", "external-secrets", "intruder"],
    ]) {
      const result = await started.kubectl(args);
      if (result.code !== 0) throw new Error(result.stderr);
    }
  });
  let folder: string | undefined;
  let vault: VaultStandIn | undefined;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}vault-`));
    vault = await startVaultStandIn({
      objects: (await loadDeploy(join(PROJECT_ROOT, "deploy", "staging"))).objects.map((loaded) => loaded.object),
      folder,
      address: ADDRESS,
      apiServer: cluster().apiServer,
      reviewerToken: cluster().adminToken,
      log: () => {},
    });
  });
  afterAll(async () => {
    await vault?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const call = (method: string, path: string, options: { token?: string; body?: unknown } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const sent = request(
        {
          host: ADDRESS,
          port: 8200,
          servername: HOST,
          ca: vault!.ca,
          method,
          path,
          headers: options.token ? { "x-vault-token": options.token } : {},
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
          });
        },
      );
      sent.once("error", reject);
      sent.end(payload);
    });
  const serviceAccountToken = async (name: string) => {
    const created = await cluster().kubectl(["create", "token", "-n", "external-secrets", name]);
    if (created.code !== 0) throw new Error(created.stderr);
    return created.stdout.trim();
  };
  const login = async (name: string) =>
    call("POST", "/v1/auth/kubernetes-staging/login", {
      body: { role: "trellis-external-secrets", jwt: await serviceAccountToken(name) },
    });

  it("logs in the service account the store names and serves the keys its ExternalSecrets read", async () => {
    const loggedIn = await login("external-secrets");
    expect(loggedIn.status).toBe(200);
    const token = loggedIn.body.auth.client_token as string;
    const lookup = (await call("GET", "/v1/auth/token/lookup-self", { token })).body.data;
    expect(lookup).toMatchObject({ type: "service", ttl: expect.any(Number), expire_time: expect.any(String) });
    expect(lookup.ttl).toBeGreaterThan(60);
    const read = await call("GET", "/v1/secret/data/trellis/staging/orderpubsub-kafka", { token });
    expect(read.status).toBe(200);
    expect(read.body.data.data).toEqual(vault!.values.get("trellis/staging/orderpubsub-kafka"));
    expect(Object.keys(read.body.data.data).sort()).toEqual(["password", "username"]);
  });

  it("refuses another service account's token, as the role binds only one", async () => {
    const refused = await login("intruder");
    expect(refused.status).toBe(403);
    expect(vault!.refusals()).toEqual([expect.stringContaining("system:serviceaccount:external-secrets:intruder")]);
  });

  it("refuses a key outside the ExternalSecrets' and a call without a token", async () => {
    const token = (await login("external-secrets")).body.auth.client_token as string;
    expect((await call("GET", "/v1/secret/data/trellis/prod/orderpubsub-kafka", { token })).status).toBe(403);
    expect((await call("GET", "/v1/secret/data/trellis/staging/orderpubsub-kafka")).status).toBe(403);
  });
});
