// An indexed set of Kubernetes objects from any folder of YAML: by kind, by namespace and name, by the Argo CD
// Application that syncs each file, and by sync wave. Built once, so every rule runs in linear time.
import { groupOf, SYNC_WAVE } from "../manifests/object-facts.ts";
import type { LoadedObject, LoadedSet, NotAnObject } from "../manifests/load-manifests.ts";
import { CLUSTER_SCOPED_KINDS as CLUSTER_SCOPED } from "../manifests/scope.ts";

export { groupOf, SYNC_WAVE };
export const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";

/** Kinds whose pods come from a template. */
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

export interface SetObject {
  readonly file: string;
  readonly line: number;
  readonly object: Record<string, any>;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Empty for cluster-scoped objects; the owning Application's destination when the file gives none. */
  readonly namespace: string;
  /** The line of one of its fields, when its file's positions are known. */
  readonly fieldLine?: (path: string) => number;
}

export interface Wave {
  /** Wave of the Application that syncs the object, when the set holds it. */
  readonly application: number | undefined;
  /** The object's own sync-wave annotation (0 when absent). */
  readonly own: number;
}

export interface PodTemplate {
  readonly metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec: Record<string, any>;
  /** Field path of the template inside its workload, e.g. "spec.template". */
  readonly path: string;
}

export class ObjectSet {
  readonly objects: readonly SetObject[];
  /** YAML documents that are not Kubernetes objects; a rule reports them. */
  readonly notObjects: readonly NotAnObject[];
  readonly files: number;
  private readonly byKindIndex = new Map<string, SetObject[]>();
  private readonly byIdIndex = new Map<string, SetObject[]>();
  private readonly owners = new Map<SetObject, SetObject | undefined>();
  private workloadsCache: readonly { readonly workload: SetObject; readonly template: PodTemplate }[] | undefined;

  constructor(set: Pick<LoadedSet, "objects" | "files"> & Partial<Pick<LoadedSet, "notObjects">>) {
    const loaded = set.objects;
    const applications = loaded.filter(
      (entry) => entry.object.kind === "Application" && groupOf(String(entry.object.apiVersion)) === "argoproj.io",
    );
    const byName = new Map(applications.map((entry) => [String(entry.object.metadata?.name), entry]));
    // A chart's object names its Application; a file is owned by the Application whose source.path holds it.
    const owningEntries = loaded.map((entry) =>
      entry.application !== undefined ? byName.get(entry.application) : owningApplication(entry.file, applications),
    );
    this.objects = loaded.map((entry, index) => {
      const kind = String(entry.object.kind);
      const declared = entry.object.metadata?.namespace;
      const namespace = CLUSTER_SCOPED.has(kind)
        ? ""
        : String(declared ?? owningEntries[index]?.object.spec?.destination?.namespace ?? "default");
      return {
        file: entry.file,
        line: entry.line,
        object: entry.object,
        apiVersion: String(entry.object.apiVersion),
        group: groupOf(String(entry.object.apiVersion)),
        kind,
        name: String(entry.object.metadata?.name ?? ""),
        namespace,
        ...(entry.fieldLine ? { fieldLine: entry.fieldLine } : {}),
      };
    });
    this.files = set.files;
    this.notObjects = set.notObjects ?? [];
    const setObjectOf = new Map(loaded.map((entry, index) => [entry, this.objects[index] as SetObject]));
    for (const [index, object] of this.objects.entries()) {
      push(this.byKindIndex, object.kind, object);
      push(this.byIdIndex, id(object.kind, object.namespace, object.name), object);
      const owner = owningEntries[index];
      this.owners.set(object, owner ? setObjectOf.get(owner) : undefined);
    }
  }

  ofKind(kind: string, group?: string): readonly SetObject[] {
    const found = this.byKindIndex.get(kind) ?? [];
    return group === undefined ? found : found.filter((object) => object.group === group);
  }

  find(kind: string, namespace: string, name: string): readonly SetObject[] {
    return this.byIdIndex.get(id(kind, namespace, name)) ?? [];
  }

  /** The Application in the set whose source path holds the object's file. */
  owner(object: SetObject): SetObject | undefined {
    return this.owners.get(object);
  }

  /**
   * Which environment an object belongs to, as far as the set tells: objects synced by Applications of one AppProject
   * to one destination cluster share one (Trellis gives each environment its own project); an object no Application
   * syncs belongs with the other files of its folder. Objects of different environments never collide.
   */
  environmentOf(object: SetObject): string {
    let owner = this.owner(object);
    if (!owner) return `folder ${object.file.includes("/") ? object.file.slice(0, object.file.lastIndexOf("/")) : ""}`;
    const destination = owner.object.spec?.destination ?? {};
    // Up to the topmost Application; a cycle of Applications that hold each other's files stops where it closes.
    const seen = new Set<SetObject>([owner]);
    for (let parent = this.owner(owner); parent && !seen.has(parent); parent = this.owner(parent)) {
      seen.add(parent);
      owner = parent;
    }
    return `project ${String(owner.object.spec?.project ?? "default")} on ${String(destination.server ?? destination.name ?? "")}`;
  }

  /** A chart Application's objects sync in the wave of the layer Application that holds the chart Application. */
  wave(object: SetObject): Wave {
    const owner = this.owner(object);
    const parent = owner ? this.owner(owner) : undefined;
    return { application: owner ? ownWave(parent ?? owner) : undefined, own: ownWave(object) };
  }

  /** Negative when `a` syncs strictly before `b`. Objects of different Applications compare by their Applications' waves. */
  compareWaves(a: SetObject, b: SetObject): number {
    const first = this.wave(a);
    const second = this.wave(b);
    const ownerA = this.owner(a);
    const ownerB = this.owner(b);
    if (
      ownerA !== ownerB &&
      first.application !== undefined &&
      second.application !== undefined &&
      first.application !== second.application
    ) {
      return first.application - second.application;
    }
    return first.own - second.own;
  }

  /** Workloads with their pod templates; computed on first use, since most rules ask. */
  workloads(): readonly { readonly workload: SetObject; readonly template: PodTemplate }[] {
    this.workloadsCache ??= this.objects
      .filter((object) => WORKLOAD_KINDS.has(object.kind))
      .flatMap((workload) => {
        const template = podTemplateOf(workload);
        return template ? [{ workload, template }] : [];
      });
    return this.workloadsCache;
  }
}

/** Sync options of an Application (spec.syncPolicy.syncOptions) or of one object (its sync-options annotation). */
export function syncOptions(object: SetObject | undefined): string[] {
  if (!object) return [];
  const fromSpec =
    object.kind === "Application" ? ((object.object.spec?.syncPolicy?.syncOptions ?? []) as string[]) : [];
  const fromAnnotation = String(object.object.metadata?.annotations?.[SYNC_OPTIONS] ?? "")
    .split(",")
    .map((option) => option.trim())
    .filter(Boolean);
  return [...fromSpec, ...fromAnnotation];
}

function ownWave(object: SetObject): number {
  const value = Number(object.object.metadata?.annotations?.[SYNC_WAVE] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function podTemplateOf(workload: SetObject): PodTemplate | undefined {
  const spec = workload.object.spec;
  if (!spec) return undefined;
  if (workload.kind === "Pod") return { metadata: workload.object.metadata ?? {}, spec, path: "" };
  if (workload.kind === "CronJob") {
    const template = spec.jobTemplate?.spec?.template;
    return template
      ? { metadata: template.metadata ?? {}, spec: template.spec ?? {}, path: "spec.jobTemplate.spec.template" }
      : undefined;
  }
  return spec.template
    ? { metadata: spec.template.metadata ?? {}, spec: spec.template.spec ?? {}, path: "spec.template" }
    : undefined;
}

/**
 * The Application that syncs a file: the file lies directly in its `source.path` (or a `sources[].path`), or
 * below it when the source sets `directory.recurse`. Paths are compared by whole segments, relative to the
 * repository (the load's root); the longest matching path wins.
 */
function owningApplication(file: string, applications: readonly LoadedObject[]): LoadedObject | undefined {
  const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  let best: { app: LoadedObject; length: number } | undefined;
  for (const app of applications) {
    const sources = [app.object.spec?.source, ...((app.object.spec?.sources ?? []) as unknown[])].filter(Boolean) as {
      path?: string;
      directory?: { recurse?: boolean };
    }[];
    for (const source of sources) {
      const path = source.path?.replace(/^\.?\/+|\/+$/g, "");
      if (!path || path === ".") continue;
      const owns = folder === path || (source.directory?.recurse === true && folder.startsWith(`${path}/`));
      if (owns && (!best || path.length > best.length)) best = { app, length: path.length };
    }
  }
  return best?.app;
}

function id(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
