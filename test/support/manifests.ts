// Reads rendered manifests back as objects, the way a reviewer or Argo CD sees them.
import { parse } from "yaml";
import { readTree, renderedDeploy } from "./project.ts";

export interface Manifest {
  readonly environment: string;
  readonly layer: string;
  readonly file: string;
  readonly object: {
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      finalizers?: string[];
    };
    [field: string]: any;
  };
}

/** Objects of a folder laid out like deploy/; by default, the reference platform rendered now (not the committed files). */
export async function readManifests(deploy?: string): Promise<Manifest[]> {
  const manifests: Manifest[] = [];
  for (const [path, content] of await readTree(deploy ?? (await renderedDeploy()))) {
    // deploy/<env>/<layer>/<file>, or deploy/argocd/<file> for the objects shared by every environment.
    const parts = path.split("/");
    const [environment = "", layer = "", file = ""] = parts.length === 2 ? [parts[0], "", parts[1]] : parts;
    if (file === "kustomization.yaml") continue;
    manifests.push({ environment, layer, file, object: parse(content) });
  }
  return manifests;
}

export function find(
  manifests: readonly Manifest[],
  environment: string,
  kind: string,
  name: string,
): Manifest["object"] {
  const found = manifests.find(
    (m) => m.environment === environment && m.object.kind === kind && m.object.metadata.name === name,
  );
  if (!found) throw new Error(`no ${kind} ${name} in deploy/${environment}`);
  return found.object;
}
