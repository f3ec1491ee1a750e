// AppProject permissions as Argo CD enforces them before a sync: every object's namespace is a destination of its
// Application's project, every cluster-scoped kind is whitelisted, every source repository allowed. One object
// outside fails the whole sync of its Application ("namespace default is not permitted in project ...").
import type { Inventory, InventoryObject } from "../inventory/inventory.ts";
import { gateFinding, type GateFinding } from "./gate.ts";

const GATE = "project-permissions";

interface Project {
  readonly destinations: readonly { namespace?: string; server?: string; name?: string }[];
  readonly clusterWhitelist: readonly { group?: string; kind?: string }[];
  readonly namespaceBlacklist: readonly { group?: string; kind?: string }[];
  readonly sourceRepos: readonly string[];
}

export function checkProjectPermissions(inventory: Inventory): GateFinding[] {
  const projects = new Map<string, Project>();
  for (const item of inventory.objects.filter((candidate) => candidate.object.kind === "AppProject")) {
    const spec = item.object.spec ?? {};
    projects.set(String(item.object.metadata.name), {
      destinations: spec.destinations ?? [],
      clusterWhitelist: spec.clusterResourceWhitelist ?? [],
      namespaceBlacklist: spec.namespaceResourceBlacklist ?? [],
      sourceRepos: spec.sourceRepos ?? [],
    });
  }
  const findings: GateFinding[] = [];
  const finding = (item: InventoryObject, message: string) => findings.push(gateFinding(GATE, inventory.environment, item, message));
  for (const item of inventory.objects) {
    if (item.object.kind === "Application") {
      const project = projects.get(String(item.object.spec?.project));
      if (!project) {
        finding(item, `project "${item.object.spec?.project}" is not in the inventory`);
        continue;
      }
      const sources = [item.object.spec?.source, ...(item.object.spec?.sources ?? [])].filter(Boolean) as { repoURL?: string }[];
      for (const source of sources) {
        if (!project.sourceRepos.some((pattern) => globMatches(pattern, String(source.repoURL)))) {
          finding(item, `source repository ${source.repoURL} is not in project ${item.object.spec.project}'s sourceRepos`);
        }
      }
      const destination = item.object.spec?.destination ?? {};
      if (destination.namespace && !permitsNamespace(project, destination.namespace, destination.server)) {
        finding(item, `destination namespace ${destination.namespace} is not permitted in project ${item.object.spec.project}`);
      }
    }
    if (!item.application || !item.project) continue;
    const project = projects.get(item.project);
    if (!project) continue;
    const group = String(item.object.apiVersion).includes("/") ? (String(item.object.apiVersion).split("/")[0] ?? "") : "";
    if (inventory.isClusterScoped(item.object)) {
      if (!project.clusterWhitelist.some((entry) => globMatches(entry.group ?? "", group) && globMatches(entry.kind ?? "", String(item.object.kind)))) {
        finding(item, `cluster-scoped ${group || "core"}/${item.object.kind} is not in project ${item.project}'s clusterResourceWhitelist; Argo CD refuses the whole sync of ${item.application}`);
      }
    } else if (!permitsNamespace(project, item.namespace, "https://kubernetes.default.svc")) {
      finding(item, `namespace ${item.namespace || "(none)"} is not permitted in project ${item.project}; Argo CD refuses the whole sync of ${item.application}`);
    } else if (project.namespaceBlacklist.some((entry) => globMatches(entry.group ?? "", group) && globMatches(entry.kind ?? "", String(item.object.kind)))) {
      finding(item, `${item.object.kind} is in project ${item.project}'s namespaceResourceBlacklist`);
    }
  }
  return findings;
}

export function permitsNamespace(project: Pick<Project, "destinations">, namespace: string, server: string | undefined): boolean {
  return project.destinations.some((destination) => globMatches(destination.namespace ?? "", namespace) && (destination.server === undefined || server === undefined || globMatches(destination.server, server)));
}

/** Argo CD's project patterns: `*` matches anything; a leading `!` is not used by Trellis and never matches. */
export function globMatches(pattern: string, value: string): boolean {
  if (pattern.startsWith("!")) return false;
  let regex = compiledPatterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    compiledPatterns.set(pattern, regex);
  }
  return regex.test(value);
}

/** A project has a handful of patterns and a platform thousands of objects: each pattern is compiled once. */
const compiledPatterns = new Map<string, RegExp>();
