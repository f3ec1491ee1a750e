// What a change does to each environment's rendered objects: added, removed and changed, grouped by layer in
// wave order, each change down to its fields. Files whose objects serialize the same on both sides are skipped.
import { LAYERS, DELIVERY_FOLDER } from "../model/layers.ts";
import type { ManifestObject } from "../render/manifest-files.ts";
import { compareCodePoints } from "../sort.ts";
import { addedFields, diffObjects, type FieldChange } from "./object-diff.ts";

export interface ObjectIdentity {
  readonly kind: string;
  /** API group, "" for the core group. */
  readonly group: string;
  readonly namespace: string;
  readonly name: string;
}

export interface ObjectChange extends ObjectIdentity {
  readonly change: "added" | "removed" | "changed";
  /** The layer folder the object is rendered into ("argocd" for the environment's Argo CD objects). */
  readonly layer: string;
  /** Field changes of a changed object; every field of an added one (from nothing); empty for a removed one. */
  readonly fields: readonly FieldChange[];
  readonly before: Record<string, any> | undefined;
  readonly after: Record<string, any> | undefined;
}

export interface EnvironmentDiff {
  readonly environment: string;
  /** "added"/"removed": the environment exists on one side only. */
  readonly presence: "both" | "added" | "removed";
  /** Sorted by layer in wave order, then kind, namespace and name. */
  readonly changes: readonly ObjectChange[];
}

/** Layer folders in the order Argo CD syncs them; the Argo CD objects first (the root syncs them). */
export const LAYER_ORDER: readonly string[] = [DELIVERY_FOLDER, ...LAYERS.map((layer) => layer.name)];

export const identityKey = (object: ObjectIdentity) =>
  `${object.group}/${object.kind}/${object.namespace}/${object.name}`;

interface Located {
  readonly identity: ObjectIdentity;
  readonly layer: string;
  readonly object: Record<string, any>;
}

/** Diffs one folder (an environment, or the shared deploy/argocd/) between the two sides. */
export function diffFolder(
  name: string,
  before: readonly ManifestObject[] | undefined,
  after: readonly ManifestObject[] | undefined,
): EnvironmentDiff {
  const presence = before && after ? "both" : before ? "removed" : "added";
  const serialized = (objects: readonly ManifestObject[] | undefined) =>
    new Map(
      (objects ?? [])
        .filter((file) => !file.path.endsWith("kustomization.yaml"))
        .map((file) => [file.path, { object: file.object as Record<string, any>, text: JSON.stringify(file.object) }]),
    );
  const beforeFiles = serialized(before);
  const afterFiles = serialized(after);
  // A file with the same path and content on both sides holds the same object; only the rest is compared.
  const located = (files: typeof beforeFiles, other: typeof beforeFiles) =>
    new Map(
      [...files]
        .filter(([path, file]) => other.get(path)?.text !== file.text)
        .map(([path, file]) => {
          const entry: Located = {
            identity: identityOf(file.object),
            layer: path.includes("/") ? (path.split("/")[0] ?? "") : DELIVERY_FOLDER,
            object: file.object,
          };
          return [identityKey(entry.identity), entry] as const;
        }),
    );
  const old = located(beforeFiles, afterFiles);
  const now = located(afterFiles, beforeFiles);
  const changes: ObjectChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(key);
    const b = now.get(key);
    const entry = (b ?? a) as Located;
    if (a && b) {
      const fields = diffObjects(a.object, b.object, entry.identity.kind);
      if (fields.length > 0)
        changes.push({
          ...entry.identity,
          change: "changed",
          layer: b.layer,
          fields,
          before: a.object,
          after: b.object,
        });
    } else {
      changes.push({
        ...entry.identity,
        change: a ? "removed" : "added",
        layer: entry.layer,
        fields: b ? addedFields(b.object, entry.identity.kind) : [],
        before: a?.object,
        after: b?.object,
      });
    }
  }
  return { environment: name, presence, changes: sortChanges(changes) };
}

export function identityOf(object: Record<string, any>): ObjectIdentity {
  const apiVersion = String(object.apiVersion ?? "");
  return {
    kind: String(object.kind),
    group: apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "",
    namespace: String(object.metadata?.namespace ?? ""),
    name: String(object.metadata?.name ?? ""),
  };
}

function sortChanges(changes: readonly ObjectChange[]): ObjectChange[] {
  const rank = (layer: string) => {
    const index = LAYER_ORDER.indexOf(layer);
    return index < 0 ? LAYER_ORDER.length : index;
  };
  return [...changes].sort(
    (a, b) =>
      rank(a.layer) - rank(b.layer) ||
      compareCodePoints(
        `${a.layer}\u0000${a.kind}\u0000${a.namespace}\u0000${a.name}`,
        `${b.layer}\u0000${b.kind}\u0000${b.namespace}\u0000${b.name}`,
      ),
  );
}

export function countChanges(diff: EnvironmentDiff): { added: number; changed: number; removed: number } {
  return {
    added: diff.changes.filter((change) => change.change === "added").length,
    changed: diff.changes.filter((change) => change.change === "changed").length,
    removed: diff.changes.filter((change) => change.change === "removed").length,
  };
}
