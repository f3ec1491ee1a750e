// The version each engine binary reports of itself, for the rehearsal's report: the binary is asked (a version
// command, or started without a cluster, where it names its version before it gives up), never the pin repeated.
import { runToEnd } from "./processes.ts";

export interface VersionQuery {
  readonly binary: string;
  readonly args: readonly string[];
  /** The first group is the version. */
  readonly pattern: RegExp;
}

/** What the binary says it is, or "unreported" when it says nothing that matches within 15 seconds. */
export async function reportedVersion(query: VersionQuery): Promise<string> {
  // Without the in-cluster variables a controller stops at once, after its start-up line.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("KUBERNETES_")));
  const result = await runToEnd(query.binary, query.args, { timeout: 15_000, env });
  return query.pattern.exec(`${result.stdout}\n${result.stderr}`)?.[1] ?? "unreported";
}

/** Each engine's query, by the report's engine name. */
export function versionQueries(binaries: {
  readonly apiServer: string;
  readonly argocd: string;
  readonly daprOperator: string;
  readonly otelOperator: string;
  readonly certManagerController: string;
}): Readonly<Record<string, VersionQuery>> {
  return {
    kubernetes: { binary: binaries.apiServer, args: ["--version"], pattern: /Kubernetes (v\S+)/ },
    argocd: { binary: binaries.argocd, args: ["version", "--client", "--short"], pattern: /argocd: (v[\d.]+)/ },
    dapr: { binary: binaries.daprOperator, args: [], pattern: /Starting Dapr Operator -- version (\S+)/ },
    otelOperator: { binary: binaries.otelOperator, args: [], pattern: /"opentelemetry-operator":\s*"([^"]+)"/ },
    certManager: { binary: binaries.certManagerController, args: [], pattern: /version="(v[^"]+)"/ },
  };
}
