// Turns rendered objects into files: deploy/<env>/<layer>/<kind>-<name>.yaml plus a kustomization per layer.
import { DUMP_SCHEMA, dump, visit, type Document, type Node } from "js-yaml";
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
 * A string is quoted whenever YAML 1.1 or 1.2 would read it as something else (js-yaml's dump schema),
 * because Kubernetes tools parse with YAML 1.1, where an unquoted yes, on, 1e3 or 2024-01-01 is not a
 * string. Keys are sorted, lines never folded, quotes double. js-yaml writes these bytes in about a third
 * of the time the `yaml` package takes; test/render/yaml-writer.test.ts holds the two to the same bytes.
 */
export function toYaml(value: unknown): string {
  return dump(value, YAML_OPTIONS);
}

/** Keys of a JavaScript object are always strings, so each key node is a scalar. */
const keyOf = (pair: { key: Node }) => (pair.key.kind === "scalar" ? pair.key.value : "");
const byKey = (a: { key: Node }, b: { key: Node }) => {
  const x = keyOf(a);
  const y = keyOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const YAML_OPTIONS = {
  schema: DUMP_SCHEMA,
  lineWidth: -1,
  noRefs: true,
  quoteStyle: "double",
  transform: (documents: Document[]) =>
    visit(documents, (node) => {
      if (node.kind === "mapping") node.items.sort(byKey);
    }),
} as const;

/** An object and the file it is written to, before it is YAML. */
export interface ManifestObject {
  /** Relative to the environment folder, '/' separated. */
  readonly path: string;
  /** A Kubernetes object, or the layer's Kustomization. */
  readonly object: Readonly<Record<string, unknown>>;
}

/**
 * One file per object. Names are `<kind>-<name>.yaml`; where one kind and name exist in several
 * namespaces of the layer, each of those files also carries its namespace: `<kind>-<name>.<namespace>.yaml`.
 * The layer's kustomization lists them, sorted, and comes last.
 */
export function layerObjects(layer: string, objects: readonly KubernetesObject[]): ManifestObject[] {
  const baseName = (object: KubernetesObject) => `${object.kind.toLowerCase()}-${object.metadata.name}`;
  const counts = new Map<string, number>();
  objects.forEach((object) => counts.set(baseName(object), (counts.get(baseName(object)) ?? 0) + 1));

  const named = new Map<string, KubernetesObject>();
  for (const object of objects) {
    const base = baseName(object);
    const name =
      (counts.get(base) ?? 0) > 1 ? `${base}.${object.metadata.namespace ?? "cluster"}.yaml` : `${base}.yaml`;
    if (named.has(name)) throw new Error(`internal: two objects render to ${layer}/${name}`);
    named.set(name, object);
  }
  const names = [...named.keys()].sort(compareCodePoints);
  const prefix = layer === "" ? "" : `${layer}/`;
  return [
    ...names.map((name) => ({ path: `${prefix}${name}`, object: named.get(name) ?? {} })),
    {
      path: `${prefix}kustomization.yaml`,
      object: { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: names },
    },
  ];
}

/** The files of a layer: each object as YAML under the render header. */
export function layerFiles(layer: string, objects: readonly KubernetesObject[]): ManifestFile[] {
  return toFiles(layerObjects(layer, objects));
}

export function toFiles(objects: readonly ManifestObject[]): ManifestFile[] {
  return objects.map(({ path, object }) => ({ path, content: HEADER + toYaml(object) }));
}
