// AppProject permissions as Argo CD enforces them before a sync: every Application's destination (cluster and
// namespace, an empty namespace included) and every object's namespace is a destination of its project, every
// cluster-scoped kind is whitelisted, every source repository allowed. One object outside fails the whole sync of
// its Application ("namespace default is not permitted in project ..."); a destination outside leaves the
// Application Unknown, never compared (argo-cd v3.5.1 util/argo/argo.go ValidatePermissions).
import type { Inventory, InventoryObject } from "../lib/inventory/inventory.ts";
import { gateFinding, type GateFinding } from "../lib/gates/gate.ts";

const GATE = "project-permissions";

type KindEntry = { group?: string; kind?: string; name?: string };

interface Project {
  readonly destinations: readonly { namespace?: string; server?: string; name?: string }[];
  readonly clusterWhitelist: readonly KindEntry[];
  readonly clusterBlacklist: readonly KindEntry[];
  /** Absent: every namespaced kind; present and empty: none (Argo CD tells nil from empty). */
  readonly namespaceWhitelist: readonly KindEntry[] | undefined;
  readonly namespaceBlacklist: readonly KindEntry[];
  readonly sourceRepos: readonly string[];
}

export function checkProjectPermissions(inventory: Inventory): GateFinding[] {
  const projects = new Map<string, Project>();
  for (const item of inventory.objects.filter((candidate) => candidate.object.kind === "AppProject")) {
    projects.set(String(item.object.metadata.name), projectOf(item.object.spec ?? {}));
  }
  const applications = new Map(
    inventory.objects
      .filter((item) => item.object.kind === "Application")
      .map((item) => [String(item.object.metadata.name), item.object]),
  );
  const findings: GateFinding[] = [];
  const finding = (item: InventoryObject, message: string) =>
    findings.push(gateFinding(GATE, inventory.environment, item, message));
  for (const item of inventory.objects) {
    if (item.object.kind === "Application") {
      const project = projects.get(String(item.object.spec?.project));
      if (!project) {
        finding(item, `project "${item.object.spec?.project}" is not in the inventory`);
        continue;
      }
      const sources = [item.object.spec?.source, ...(item.object.spec?.sources ?? [])].filter(Boolean) as {
        repoURL?: string;
      }[];
      for (const source of sources) {
        if (!project.sourceRepos.some((pattern) => globMatches(pattern, String(source.repoURL)))) {
          finding(
            item,
            `source repository ${source.repoURL} is not in project ${item.object.spec.project}'s sourceRepos`,
          );
        }
      }
      // Argo CD checks the destination as given: an empty namespace is compared too, and only a "*" pattern matches it.
      const destination = destinationOf(item.object);
      if (!isDestinationPermitted(project.destinations, destination)) {
        finding(
          item,
          `destination ${describeDestination(destination)} is not permitted in project ${item.object.spec.project}; the controller sets sync and health Unknown and never compares`,
        );
      }
    }
    if (!item.application || !item.project) continue;
    const project = projects.get(item.project);
    if (!project) continue;
    // Each object is checked against the cluster its Application deploys to; the root (generated, not in the
    // inventory) deploys to the cluster it was generated for, the in-cluster one here.
    const owner = applications.get(item.application);
    const cluster = owner ? destinationOf(owner) : { server: IN_CLUSTER.server, name: IN_CLUSTER.name, namespace: "" };
    const group = String(item.object.apiVersion).includes("/")
      ? (String(item.object.apiVersion).split("/")[0] ?? "")
      : "";
    const kind = String(item.object.kind);
    const name = String(item.object.metadata?.name ?? "");
    if (inventory.isClusterScoped(item.object)) {
      if (!kindPermitted(project, group, kind, name, false)) {
        finding(
          item,
          `cluster-scoped ${group || "core"}/${kind} is not in project ${item.project}'s clusterResourceWhitelist, or is in its clusterResourceBlacklist; Argo CD refuses the whole sync of ${item.application}`,
        );
      }
    } else if (!isDestinationPermitted(project.destinations, { ...cluster, namespace: item.namespace })) {
      finding(
        item,
        `namespace ${item.namespace || "(none)"} is not permitted in project ${item.project}; Argo CD refuses the whole sync of ${item.application}`,
      );
    } else if (!kindPermitted(project, group, kind, name, true)) {
      finding(
        item,
        `${kind} is not in project ${item.project}'s namespaceResourceWhitelist, or is in its namespaceResourceBlacklist; Argo CD refuses the whole sync of ${item.application}`,
      );
    }
  }
  return findings;
}

function projectOf(spec: Record<string, any>): Project {
  return {
    destinations: spec.destinations ?? [],
    clusterWhitelist: spec.clusterResourceWhitelist ?? [],
    clusterBlacklist: spec.clusterResourceBlacklist ?? [],
    namespaceWhitelist: spec.namespaceResourceWhitelist ?? undefined,
    namespaceBlacklist: spec.namespaceResourceBlacklist ?? [],
    sourceRepos: spec.sourceRepos ?? [],
  };
}

/** The gate's kind model for one object, judged against an AppProject's spec as the API server holds it. */
export function isKindPermitted(
  projectSpec: Record<string, any>,
  object: { group: string; kind: string; name: string; namespaced: boolean },
): boolean {
  return kindPermitted(projectOf(projectSpec), object.group, object.kind, object.name, object.namespaced);
}

/**
 * Argo CD v3.5.1 AppProject.IsGroupKindNamePermitted: namespaced kinds pass an absent namespace whitelist (a present,
 * empty one admits none) and no blacklist entry; cluster-scoped kinds need a whitelist entry (by kind, group and,
 * when the entry names one, name) and no blacklist entry.
 */
function kindPermitted(project: Project, group: string, kind: string, name: string, namespaced: boolean): boolean {
  const listed = (entries: readonly KindEntry[], byName: boolean) =>
    entries.some(
      (entry) =>
        globMatches(entry.kind ?? "", kind) &&
        globMatches(entry.group ?? "", group) &&
        (!byName || !entry.name || globMatches(entry.name, name)),
    );
  if (namespaced)
    return (
      (project.namespaceWhitelist === undefined || listed(project.namespaceWhitelist, false)) &&
      !listed(project.namespaceBlacklist, false)
    );
  return listed(project.clusterWhitelist, true) && !listed(project.clusterBlacklist, true);
}

/** Where an Application deploys: a cluster (by server URL or name) and a namespace; absent fields are "". */
export interface Destination {
  readonly server: string;
  readonly name: string;
  readonly namespace: string;
}

/** The cluster Argo CD registers for itself: an Application may name it by either field. */
const IN_CLUSTER = { server: "https://kubernetes.default.svc", name: "in-cluster" } as const;

/**
 * An Application's destination as Argo CD resolves it before the project check: the cluster's server and
 * name both (the in-cluster one is known by either), the namespace as given, "" when absent.
 */
export function destinationOf(application: Record<string, any>): Destination {
  const destination = application.spec?.destination ?? {};
  const server = String(destination.server ?? "");
  const name = String(destination.name ?? "");
  const inCluster = server === IN_CLUSTER.server || name === IN_CLUSTER.name;
  return {
    server: server || (inCluster ? IN_CLUSTER.server : ""),
    name: name || (inCluster ? IN_CLUSTER.name : ""),
    namespace: String(destination.namespace ?? ""),
  };
}

export function describeDestination(destination: Destination): string {
  return `${destination.server || destination.name || "(no cluster)"} namespace ${destination.namespace === "" ? '"" (none given)' : destination.namespace}`;
}

/**
 * Argo CD v3.5.1 AppProject.isDestinationMatched (pkg/apis/application/v1alpha1/app_project_types.go): a
 * destination is permitted when one entry matches its server or name, and its namespace, with "!" patterns
 * denying. Nothing is skipped when a field is empty: an empty namespace is matched against each pattern,
 * which only "*" accepts.
 */
export function isDestinationPermitted(
  destinations: readonly { namespace?: string; server?: string; name?: string }[],
  destination: Destination,
): boolean {
  let matchedAny = false;
  for (const item of destinations) {
    const nameMatched = destination.name !== "" && projectGlob(item.name ?? "", destination.name);
    const serverMatched = destination.server !== "" && projectGlob(item.server ?? "", destination.server);
    const namespaceMatched = projectGlob(item.namespace ?? "", destination.namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) matchedAny = true;
    else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server) && namespaceMatched))
      return false;
    else if (!namespaceMatched && isDeny(item.namespace) && serverMatched) return false;
  }
  return matchedAny;
}

const isDeny = (pattern: string | undefined) => pattern?.startsWith("!") ?? false;

/** Argo CD's globMatch with negation: "!pattern" matches what the pattern does not; "*" matches anything, "" included. */
export function projectGlob(pattern: string, value: string): boolean {
  if (pattern.startsWith("!")) return !globMatches(pattern.slice(1), value);
  return globMatches(pattern, value);
}

/** Argo CD's project patterns (gobwas/glob without separators): `*` matches any run of characters, `?` one. A leading `!` never matches here; destinations handle it (projectGlob). */
export function globMatches(pattern: string, value: string): boolean {
  if (pattern.startsWith("!")) return false;
  let regex = compiledPatterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("?", "."))
        .join(".*")}$`,
    );
    compiledPatterns.set(pattern, regex);
  }
  return regex.test(value);
}

/** A project has a handful of patterns and a platform thousands of objects: each pattern is compiled once. */
const compiledPatterns = new Map<string, RegExp>();
