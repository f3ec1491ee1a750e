// Argo CD's own view of an Application's resources, from its API server (a process in the rehearsal): since 3.0 the
// health of each resource is kept in Redis, not in the Application's status, so this is where the rehearsal reads
// which resource holds an Application back. Signs in as admin with the initial password the server generated.
import { request } from "node:https";
import type { CommandResult } from "../../lib/tools/processes.ts";

export interface UnhealthyResource {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly health: string;
  readonly message?: string;
}

export interface ArgoCdApi {
  unhealthyResources(application: string): Promise<UnhealthyResource[]>;
}

export async function connectArgoCdApi(
  kubectl: (args: readonly string[]) => Promise<CommandResult>,
  namespace: string,
): Promise<ArgoCdApi | undefined> {
  const password = await kubectl([
    "get",
    "secret",
    "argocd-initial-admin-secret",
    "-n",
    namespace,
    "-o",
    "jsonpath={.data.password}",
  ]);
  const address = await kubectl([
    "get",
    "pods",
    "-n",
    namespace,
    "-l",
    "app.kubernetes.io/name=argocd-server",
    "-o",
    "jsonpath={.items[0].status.podIP}",
  ]);
  if (password.code !== 0 || address.code !== 0 || !address.stdout) return undefined;
  const host = address.stdout.trim();
  const session = await call(host, "POST", "/api/v1/session", undefined, {
    username: "admin",
    password: Buffer.from(password.stdout, "base64").toString("utf8"),
  }).catch(() => undefined);
  const token = (session as { token?: string } | undefined)?.token;
  if (!token) return undefined;
  return {
    async unhealthyResources(application) {
      const tree = (await call(
        host,
        "GET",
        `/api/v1/applications/${encodeURIComponent(application)}/resource-tree`,
        token,
      ).catch(() => ({}))) as {
        nodes?: { kind: string; namespace?: string; name: string; health?: { status?: string; message?: string } }[];
      };
      return (tree.nodes ?? [])
        .filter((node) => node.health?.status && node.health.status !== "Healthy")
        .map((node) => ({
          kind: node.kind,
          ...(node.namespace ? { namespace: node.namespace } : {}),
          name: node.name,
          health: node.health?.status ?? "",
          ...(node.health?.message ? { message: node.health.message } : {}),
        }));
    },
  };
}

function call(host: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sent = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host,
        port: 8080,
        method,
        path,
        rejectUnauthorized: false,
        timeout: 10_000,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(sent ? { "content-type": "application/json" } : {}),
        },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.once("error", reject);
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.end(sent);
  });
}
