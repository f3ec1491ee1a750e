// Turns rendered objects into files: deploy/<env>/<layer>/<kind>-<name>.yaml plus a kustomization per layer.
import { stringify } from "yaml";
import { RENDER_HEADER as HEADER } from "../output/ownership.ts";
import { compareCodePoints } from "../sort.ts";

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

export interface ManifestFile {
  /** Relative to the environment folder, '/' separated. */
  readonly path: string;
  readonly content: string;
}

/**
 * YAML 1.1 rules decide quoting because Kubernetes tools parse with YAML 1.1, where an unquoted
 * yes, on, y or 2024-01-01 is not a string.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { version: "1.1", lineWidth: 0, sortMapEntries: true, indentSeq: true });
}

/**
 * One file per object. Names are `<kind>-<name>.yaml`; where one kind and name exist in several
 * namespaces of the layer, each of those files also carries its namespace: `<kind>-<name>.<namespace>.yaml`.
 */
export function layerFiles(layer: string, objects: readonly KubernetesObject[]): ManifestFile[] {
  const baseName = (object: KubernetesObject) => `${object.kind.toLowerCase()}-${object.metadata.name}`;
  const counts = new Map<string, number>();
  objects.forEach((object) => counts.set(baseName(object), (counts.get(baseName(object)) ?? 0) + 1));

  const files = new Map<string, string>();
  for (const object of objects) {
    const base = baseName(object);
    const name = (counts.get(base) ?? 0) > 1 ? `${base}.${object.metadata.namespace ?? "cluster"}.yaml` : `${base}.yaml`;
    if (files.has(name)) throw new Error(`internal: two objects render to ${layer}/${name}`);
    files.set(name, HEADER + toYaml(object));
  }
  const names = [...files.keys()].sort(compareCodePoints);
  const kustomization = toYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: names });
  const prefix = layer === "" ? "" : `${layer}/`;
  return [
    ...names.map((name) => ({ path: `${prefix}${name}`, content: files.get(name) ?? "" })),
    { path: `${prefix}kustomization.yaml`, content: HEADER + kustomization },
  ];
}
