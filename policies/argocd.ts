// Argo CD rules: waves that do not order, custom resources that arrive before their CRDs, namespaces that do not
// exist yet, CRDs too large for client-side apply, floating sources, missing retries, unhandled drift, open projects.
import {
  CHART_CRD_GROUPS,
  CHARTS_WITH_LARGE_CRDS,
  CLIENT_SIDE_APPLY_LIMIT,
  RESOURCES_FINALIZER,
} from "../argocd/argocd-facts.ts";
import {
  describeDestination,
  destinationOf,
  globMatches,
  isDestinationPermitted,
  projectGlob,
} from "../argocd/project-permissions.ts";
import { SYNC_WAVE, syncOptions, type ObjectSet, type SetObject } from "../lib/policies/object-set.ts";
import { finding, strictOutsideDev, type Finding, type Rule } from "../lib/policies/rule.ts";

/** Groups whose kinds exist before any Application syncs: Kubernetes' own. */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "autoscaling",
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "node.k8s.io",
  "certificates.k8s.io",
  "apiregistration.k8s.io",
]);
/** Namespaces every cluster has, and Argo CD's own kinds, which live wherever Argo CD runs. */
const PRESENT_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
const ARGO_KINDS = new Set(["Application", "ApplicationSet", "AppProject"]);

const applications = (set: ObjectSet) => set.ofKind("Application", "argoproj.io");
const chartOf = (app: SetObject): string | undefined =>
  app.object.spec?.source?.chart ??
  ((app.object.spec?.sources ?? []) as { chart?: string }[]).find((s) => s.chart)?.chart;

/** What installs each CRD group: CRD objects in the set, and Applications of charts known to install it. */
function installers(set: ObjectSet): Map<string, SetObject[]> {
  const byGroup = new Map<string, SetObject[]>();
  const add = (group: string, installer: SetObject) => byGroup.set(group, [...(byGroup.get(group) ?? []), installer]);
  for (const crd of set.ofKind("CustomResourceDefinition"))
    if (crd.object.spec?.group) add(String(crd.object.spec.group), crd);
  for (const app of applications(set)) for (const group of CHART_CRD_GROUPS[chartOf(app) ?? ""] ?? []) add(group, app);
  return byGroup;
}

const customResources = (set: ObjectSet) =>
  set.objects.filter((object) => !BUILT_IN_GROUPS.has(object.group) && object.group !== "argoproj.io");

const appsetWaveIgnored: Rule = {
  id: "argocd/appset-wave-ignored",
  summary: "An ApplicationSet whose template sets a sync wave without a RollingSync strategy.",
  why: "Argo CD ignores sync-wave on generated Applications: they all sync at once (argo-cd#17639, #18268).",
  fix: "Order with strategy.type: RollingSync steps, or generate one root Application that holds plain, waved Applications.",
  reference: "argoproj/argo-cd#17639",
  severity: "warning",
  upstream: [{ issue: "argoproj/argo-cd#17639" }],
  check(set) {
    return set
      .ofKind("ApplicationSet", "argoproj.io")
      .filter(
        (appset) =>
          appset.object.spec?.template?.metadata?.annotations?.[SYNC_WAVE] !== undefined &&
          appset.object.spec?.strategy?.type !== "RollingSync",
      )
      .map((appset) =>
        finding(
          this,
          appset,
          "warning",
          `spec.template.metadata.annotations["${SYNC_WAVE}"]`,
          `ApplicationSet ${appset.name} sets a sync wave that Argo CD ignores on generated Applications`,
        ),
      );
  },
};

const waveOrder: Rule = {
  id: "argocd/wave-order",
  summary: "A custom resource synced no later than the Application or object that installs its CRD.",
  why: 'The apply fails with "the server could not find the requested resource" until a retry happens to come after the CRD.',
  fix: "Move the custom resource to a later wave or Application than its CRD's installer.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_tasks.go", line: 41 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_context.go", line: 1078 },
  ],
  check(set) {
    const byGroup = installers(set);
    return customResources(set).flatMap((object) => {
      const installedBy = byGroup.get(object.group) ?? [];
      if (installedBy.length === 0) return [];
      // Inside one Application, Argo CD applies CRDs before the custom resources of the same wave.
      const sameApplication = (installer: SetObject) =>
        installer.kind === "CustomResourceDefinition" &&
        set.owner(installer) === set.owner(object) &&
        set.compareWaves(installer, object) <= 0;
      if (installedBy.some((installer) => sameApplication(installer) || set.compareWaves(installer, object) < 0))
        return [];
      const first = installedBy[0] as SetObject;
      return [
        finding(
          this,
          object,
          "error",
          "",
          `${object.kind} (${object.group}) syncs no later than ${first.kind} ${first.name}, which installs its CRD`,
        ),
      ];
    });
  },
};

const missingSkipDryRun: Rule = {
  id: "argocd/missing-skip-dry-run",
  summary: "A custom resource whose CRD comes from another Application, without SkipDryRunOnMissingResource=true.",
  why: "Argo CD dry-runs every resource before the sync starts; a CRD that does not exist yet fails the whole sync.",
  fix: "Add SkipDryRunOnMissingResource=true to the Application's syncOptions or to the object's sync-options annotation.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/",
  severity: "warning",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_context.go", line: 1067 },
  ],
  check(set) {
    const byGroup = installers(set);
    return customResources(set).flatMap((object) => {
      const installedBy = byGroup.get(object.group) ?? [];
      const elsewhere =
        installedBy.length > 0 &&
        installedBy.every(
          (installer) => (installer.kind === "Application" ? installer : set.owner(installer)) !== set.owner(object),
        );
      const options = [...syncOptions(set.owner(object)), ...syncOptions(object)];
      return elsewhere && !options.includes("SkipDryRunOnMissingResource=true")
        ? [
            finding(
              this,
              object,
              "warning",
              "",
              `${object.kind} ${object.name} needs a CRD another Application installs, and its sync does not skip the dry run`,
            ),
          ]
        : [];
    });
  },
};

const namespaceMissing: Rule = {
  id: "argocd/namespace-missing",
  summary:
    "A namespaced object whose namespace is neither created in an earlier wave nor by its Application's CreateNamespace=true.",
  why: 'The apply fails with "namespaces not found" until someone creates it by hand.',
  fix: "Create the Namespace in an earlier wave (or the same Application), or set CreateNamespace=true on the Application.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#create-namespace",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_context.go", line: 1161 },
  ],
  check(set) {
    const namespaces = set.ofKind("Namespace");
    const exists = (namespace: string, user: SetObject) =>
      PRESENT_NAMESPACES.has(namespace) ||
      namespaces.some(
        (created) =>
          created.name === namespace &&
          (set.owner(created) === set.owner(user)
            ? set.compareWaves(created, user) <= 0
            : set.compareWaves(created, user) < 0),
      );
    const found: Finding[] = [];
    for (const object of set.objects) {
      if (!object.namespace || ARGO_KINDS.has(object.kind) || object.kind === "Namespace") continue;
      const owner = set.owner(object);
      if (
        owner &&
        syncOptions(owner).includes("CreateNamespace=true") &&
        owner.object.spec?.destination?.namespace === object.namespace
      )
        continue;
      if (!exists(object.namespace, object))
        found.push(
          finding(
            this,
            object,
            "error",
            "metadata.namespace",
            `namespace ${object.namespace} is not created before this object syncs`,
          ),
        );
    }
    for (const app of applications(set).filter((candidate) => chartOf(candidate))) {
      const destination = app.object.spec?.destination?.namespace;
      if (destination && !syncOptions(app).includes("CreateNamespace=true") && !exists(destination, app)) {
        found.push(
          finding(
            this,
            app,
            "error",
            "spec.destination.namespace",
            `chart ${chartOf(app)} installs into ${destination}, which is not created before it`,
          ),
        );
      }
    }
    return found;
  },
};

const largeCrdClientSide: Rule = {
  id: "argocd/large-crd-client-side",
  summary: "An Application that installs a CRD over 262,144 bytes without ServerSideApply=true.",
  why: 'Client-side apply stores the object in an annotation limited to 262,144 bytes: "metadata.annotations: Too long" (argo-cd#8128).',
  fix: "Add ServerSideApply=true to the Application's syncOptions.",
  reference: "argoproj/argo-cd#8128",
  severity: "error in every profile",
  upstream: [{ issue: "argoproj/argo-cd#8128" }],
  check(set) {
    const found: Finding[] = [];
    for (const app of applications(set)) {
      if (syncOptions(app).includes("ServerSideApply=true")) continue;
      const chart = chartOf(app);
      if (chart && CHARTS_WITH_LARGE_CRDS.has(chart))
        found.push(
          finding(
            this,
            app,
            "error",
            "spec.syncPolicy.syncOptions",
            `chart ${chart} installs CRDs larger than client-side apply allows`,
          ),
        );
    }
    for (const crd of set.ofKind("CustomResourceDefinition")) {
      const owner = set.owner(crd);
      if (
        JSON.stringify(crd.object).length > CLIENT_SIDE_APPLY_LIMIT &&
        !syncOptions(owner).includes("ServerSideApply=true") &&
        !syncOptions(crd).includes("ServerSideApply=true")
      ) {
        found.push(
          finding(
            this,
            owner ?? crd,
            "error",
            "spec.syncPolicy.syncOptions",
            `CRD ${crd.name} is larger than client-side apply allows`,
          ),
        );
      }
    }
    return found;
  },
};

const PINNED_REVISION = /^(v?\d+\.\d+\.\d+([-+][\w.-]+)?|[0-9a-f]{40})$/;

/** An exact chart version (SemVer 2.0, optional leading v): anything else is a range Helm resolves. */
const EXACT_CHART_VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

const unpinnedSource: Rule = {
  id: "argocd/unpinned-source",
  summary:
    "A Helm chart source whose version is not exact (a range, *, or empty), or, in prod, a git source on HEAD or a branch.",
  why: "What is installed changes without a commit: an upstream release or a push reaches the cluster unreviewed.",
  fix: "Pin charts to an exact version; in prod, pin git sources to a tag or commit.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/tracking_strategies/",
  severity: "charts: warning in dev, error in staging and prod; git sources: error in prod only",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "reposerver/repository/repository.go", line: 2889 },
  ],
  check(set, profile) {
    return applications(set).flatMap((app) => {
      const single = app.object.spec?.source as Source | undefined;
      const sources: { source: Source; path: string }[] = single
        ? [{ source: single, path: "spec.source" }]
        : ((app.object.spec?.sources ?? []) as Source[]).map((source, index) => ({
            source,
            path: `spec.sources[${index}]`,
          }));
      return sources.flatMap(({ source, path }) => {
        const revision = String(source.targetRevision ?? "");
        if (revision.includes("{{")) return [];
        const field = `${path}.targetRevision`;
        if (source.chart) {
          return EXACT_CHART_VERSION.test(revision)
            ? []
            : [
                finding(
                  this,
                  app,
                  strictOutsideDev(profile),
                  field,
                  `chart ${source.chart} is not pinned to an exact version: "${revision}"`,
                ),
              ];
        }
        return profile === "prod" && !PINNED_REVISION.test(revision)
          ? [finding(this, app, "error", field, `git source follows "${revision || "HEAD"}", not a tag or commit`)]
          : [];
      });
    });
  },
};

interface Source {
  readonly chart?: string;
  readonly targetRevision?: string;
  readonly repoURL?: string;
}

const syncPolicy: Rule = {
  id: "argocd/sync-policy",
  summary: "An Application without retry or without the resources finalizer.",
  why: "A first sync that fails (CRD or webhook not ready) is not retried for the same commit; without the finalizer, deleting the Application orphans what it installed.",
  fix: "Add spec.syncPolicy.retry with backoff and metadata.finalizers: [resources-finalizer.argocd.argoproj.io].",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/",
  severity: "warning",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/appcontroller.go", line: 2395 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "pkg/apis/application/v1alpha1/types.go", line: 3575 },
  ],
  check(set) {
    return applications(set).flatMap((app) => [
      ...(app.object.spec?.syncPolicy?.retry
        ? []
        : [
            finding(
              this,
              app,
              "warning",
              "spec.syncPolicy.retry",
              `Application ${app.name} does not retry failed syncs`,
            ),
          ]),
      ...(((app.object.metadata?.finalizers ?? []) as string[]).some((f) => f.startsWith(RESOURCES_FINALIZER))
        ? []
        : [finding(this, app, "warning", "metadata.finalizers", `Application ${app.name} has no resources finalizer`)]),
    ]);
  },
};

/** Fields each chart's controllers write after install, as `kind` and a fragment of the ignored path. */
const KNOWN_DRIFT: Readonly<Record<string, readonly { kind: string; field: string }[]>> = {
  dapr: [
    { kind: "MutatingWebhookConfiguration", field: "caBundle" },
    { kind: "CustomResourceDefinition", field: "caBundle" },
    { kind: "Secret", field: "data" },
    { kind: "ConfigMap", field: "data" },
  ],
  "opentelemetry-operator": [{ kind: "MutatingWebhookConfiguration", field: "caBundle" }],
};

const knownDriftUnhandled: Rule = {
  id: "argocd/known-drift-unhandled",
  summary:
    "An Application installing the Dapr or OpenTelemetry Operator chart without ignoreDifferences for their webhook and trust-bundle fields.",
  why: "Their controllers write CA bundles and the trust bundle after install; Argo CD shows endless OutOfSync, and self-heal wipes them (dapr/dapr#5066, #3784).",
  fix: "Add ignoreDifferences for the webhook caBundle, the Subscription CRD conversion and the dapr-trust-bundle Secret and ConfigMap data, with RespectIgnoreDifferences=true.",
  reference: "dapr/dapr#5066, dapr/dapr#3784, open-telemetry/opentelemetry-helm-charts#2168",
  severity: "warning",
  upstream: [
    { issue: "dapr/dapr#5066" },
    { issue: "dapr/dapr#3784" },
    { issue: "open-telemetry/opentelemetry-helm-charts#2168" },
  ],
  check(set) {
    return applications(set).flatMap((app) => {
      const expected = KNOWN_DRIFT[chartOf(app) ?? ""];
      if (!expected) return [];
      const ignored = (app.object.spec?.ignoreDifferences ?? []) as {
        kind?: string;
        jsonPointers?: string[];
        jqPathExpressions?: string[];
      }[];
      const missing = expected.filter(
        (drift) =>
          !ignored.some(
            (entry) =>
              entry.kind === drift.kind &&
              [...(entry.jsonPointers ?? []), ...(entry.jqPathExpressions ?? [])].some((path) =>
                path.includes(drift.field),
              ),
          ),
      );
      const respect = syncOptions(app).includes("RespectIgnoreDifferences=true");
      if (missing.length === 0 && respect) return [];
      const what = [
        ...missing.map((drift) => `${drift.kind} ${drift.field}`),
        ...(respect ? [] : ["RespectIgnoreDifferences=true"]),
      ];
      return [
        finding(
          this,
          app,
          "warning",
          "spec.ignoreDifferences",
          `chart ${chartOf(app)} changes fields at runtime that this Application does not handle: ${what.join(", ")}`,
        ),
      ];
    });
  },
};

const projectWildcard: Rule = {
  id: "argocd/project-wildcard",
  summary: "An AppProject allowing any source repository, any destination, or any cluster resource.",
  why: "Any Application in the project can deploy anything anywhere, including cluster-wide RBAC.",
  fix: "List the repositories, destination namespaces and cluster-scoped kinds the project needs.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/projects/",
  severity: "warning in dev, error in staging and prod",
  upstream: [
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "pkg/apis/application/v1alpha1/app_project_types.go",
      line: 451,
    },
  ],
  check(set, profile) {
    return set.ofKind("AppProject", "argoproj.io").flatMap((project) => {
      const spec = project.object.spec ?? {};
      const found: Finding[] = [];
      if (((spec.sourceRepos ?? []) as string[]).includes("*"))
        found.push(
          finding(this, project, strictOutsideDev(profile), "spec.sourceRepos", "any repository may be a source"),
        );
      if (
        ((spec.destinations ?? []) as { namespace?: string; server?: string; name?: string }[]).some(
          (d) => d.namespace === "*" || d.server === "*" || d.name === "*",
        )
      ) {
        found.push(
          finding(this, project, strictOutsideDev(profile), "spec.destinations", "any destination is allowed"),
        );
      }
      if (
        ((spec.clusterResourceWhitelist ?? []) as { group?: string; kind?: string }[]).some(
          (entry) => entry.group === "*" && entry.kind === "*",
        )
      ) {
        found.push(
          finding(
            this,
            project,
            strictOutsideDev(profile),
            "spec.clusterResourceWhitelist",
            "any cluster-scoped resource is allowed",
          ),
        );
      }
      return found;
    });
  },
};

/** Sync policies under which the ApplicationSet controller never deletes a generated Application. */
const KEEPS_APPLICATIONS = new Set(["create-only", "create-update"]);

const appsetCascadeDelete: Rule = {
  id: "argocd/appset-cascade-delete",
  summary:
    "An ApplicationSet whose generated Applications carry the resources finalizer while its sync policy lets the controller delete them.",
  why: "preserveResourcesOnDeletion only stops the controller from adding the finalizer; a template that writes it keeps it. When the ApplicationSet is deleted or replaced, or its generator stops matching (a relabelled cluster Secret), each generated Application is deleted and its finalizer deletes everything it installed: namespaces, volumes, CRDs. applicationsSync create-update (honoured while the controller allows policy overrides, its default) keeps the Applications instead.",
  fix: "Set spec.syncPolicy.applicationsSync: create-update, and leave the resources finalizer out of the template with spec.syncPolicy.preserveResourcesOnDeletion: true so the controller does not add it.",
  reference: "https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Application-Deletion/",
  severity: "error in prod, warning otherwise",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "applicationset/utils/utils.go", line: 299 },
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "applicationset/controllers/applicationset_controller.go",
      line: 153,
    },
  ],
  check(set, profile) {
    return set.ofKind("ApplicationSet", "argoproj.io").flatMap((appSet) => {
      const syncPolicy = appSet.object.spec?.syncPolicy ?? {};
      const written = ((appSet.object.spec?.template?.metadata?.finalizers ?? []) as string[]).some((name) =>
        name.startsWith(RESOURCES_FINALIZER),
      );
      // The controller adds the finalizer to a template without finalizers unless preserveResourcesOnDeletion is true.
      const added =
        ((appSet.object.spec?.template?.metadata?.finalizers ?? []) as string[]).length === 0 &&
        syncPolicy.preserveResourcesOnDeletion !== true;
      if ((!written && !added) || KEEPS_APPLICATIONS.has(String(syncPolicy.applicationsSync ?? "sync"))) return [];
      const severity = profile === "prod" ? "error" : "warning";
      const how = written
        ? "its template writes the resources finalizer"
        : "the controller adds the resources finalizer (preserveResourcesOnDeletion is not true)";
      return [
        finding(
          this,
          appSet,
          severity,
          written ? "spec.template.metadata.finalizers" : "spec.syncPolicy.preserveResourcesOnDeletion",
          `deleting ApplicationSet ${appSet.name}, or a generator that stops matching, deletes everything its Applications installed: ${how} and applicationsSync is "${syncPolicy.applicationsSync ?? "sync"}"`,
        ),
      ];
    });
  },
};

const destinationNamespaceMissing: Rule = {
  id: "argocd/destination-namespace-missing",
  summary:
    "An Application, or an ApplicationSet's template, without spec.destination.namespace, where its AppProject does not permit an empty namespace.",
  why: 'Argo CD checks the destination against the project as given, an empty namespace included, and only a "*" pattern matches the empty string: the Application is refused, its sync and health stay Unknown and it is never compared (argo-cd#11510). Every later wave waits on it.',
  fix: "Set spec.destination.namespace to a namespace the project's destinations list (objects without their own namespace land there).",
  reference: "argoproj/argo-cd#11510",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "util/argo/argo.go", line: 702 },
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "pkg/apis/application/v1alpha1/app_project_types.go",
      line: 513,
    },
    { issue: "argoproj/argo-cd#11510" },
  ],
  check(set) {
    const missing = (
      owner: SetObject,
      spec: Record<string, any> | undefined,
      path: string,
      what: string,
    ): Finding[] => {
      const destination = destinationOf({ spec });
      if (destination.namespace !== "") return [];
      const projectName = String(spec?.project ?? "");
      const project = set.find("AppProject", owner.namespace, projectName)[0];
      // Argo CD creates the "default" project with a {server: "*", namespace: "*"} destination; elsewhere-defined projects are unknown.
      const destinations =
        project?.object.spec?.destinations ?? (projectName === "default" ? [{ server: "*", namespace: "*" }] : []);
      // Only the namespace is at issue here: the cluster may be templated ({{.server}}) or checked by project-denies.
      if (
        (destinations as { namespace?: string }[]).some(
          (entry) => !String(entry.namespace ?? "").startsWith("!") && projectGlob(entry.namespace ?? "", ""),
        )
      )
        return [];
      const because = project
        ? `project ${projectName} lists no destination whose namespace matches ""`
        : `project ${projectName || "(none)"} is not in the checked files, and only a "*" destination would permit it`;
      return [
        finding(
          this,
          owner,
          "error",
          path,
          `${what} has no destination namespace; ${because}: Argo CD refuses it and never syncs`,
        ),
      ];
    };
    return [
      ...applications(set).flatMap((app) =>
        missing(app, app.object.spec, "spec.destination.namespace", `Application ${app.name}`),
      ),
      ...set
        .ofKind("ApplicationSet", "argoproj.io")
        .flatMap((appSet) =>
          missing(
            appSet,
            appSet.object.spec?.template?.spec,
            "spec.template.spec.destination.namespace",
            `every Application ApplicationSet ${appSet.name} generates`,
          ),
        ),
    ];
  },
};

const projectDenies: Rule = {
  id: "argocd/project-denies",
  summary:
    "An Application whose destination or source repository its AppProject does not permit, or an object it syncs in a namespace or of a cluster-scoped kind the project does not allow.",
  why: "Argo CD checks every object against the project before it applies anything and refuses the whole sync: one chart object in `default` stops the Application, and its wave with it.",
  fix: "Add the namespace to the project's destinations or the kind to clusterResourceWhitelist, or keep the object out (for a chart: turn it off in the values).",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/projects/",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/sync.go", line: 658 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/sync.go", line: 667 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "util/argo/argo.go", line: 702 },
  ],
  check(set) {
    const found: Finding[] = [];
    const projectOf = (app: SetObject) =>
      set.find("AppProject", app.namespace, String(app.object.spec?.project ?? ""))[0];
    for (const app of applications(set)) {
      const project = projectOf(app);
      if (!project) continue;
      const spec = project.object.spec ?? {};
      const sources = [app.object.spec?.source, ...((app.object.spec?.sources ?? []) as unknown[])].filter(Boolean) as {
        repoURL?: string;
      }[];
      sources.forEach((source, index) => {
        if (!((spec.sourceRepos ?? []) as string[]).some((pattern) => globMatches(pattern, String(source.repoURL)))) {
          const path = app.object.spec?.source ? "spec.source.repoURL" : `spec.sources[${index}].repoURL`;
          found.push(
            finding(
              this,
              app,
              "error",
              path,
              `repository ${source.repoURL} is not in project ${project.name}'s sourceRepos`,
            ),
          );
        }
      });
      const destination = destinationOf(app.object);
      // An empty namespace is argocd/destination-namespace-missing's finding; every other destination is checked here.
      if (destination.namespace === "") continue;
      const destinations = (spec.destinations ?? []) as { namespace?: string; server?: string; name?: string }[];
      if (!isDestinationPermitted(destinations, destination)) {
        // Name the field at fault: the namespace when the cluster is one the project lists, else the whole destination.
        const clusterListed = isDestinationPermitted(
          destinations.map((entry) => ({ ...entry, namespace: "*" })),
          destination,
        );
        found.push(
          finding(
            this,
            app,
            "error",
            clusterListed ? "spec.destination.namespace" : "spec.destination",
            `destination ${describeDestination(destination)} is not a destination of project ${project.name}`,
          ),
        );
      }
    }
    for (const object of set.objects) {
      const owner = set.owner(object);
      const project = owner ? projectOf(owner) : undefined;
      if (!owner || !project) continue;
      const spec = project.object.spec ?? {};
      if (!object.namespace) {
        const allowed = ((spec.clusterResourceWhitelist ?? []) as { group?: string; kind?: string }[]).some(
          (entry) => globMatches(entry.group ?? "", object.group) && globMatches(entry.kind ?? "", object.kind),
        );
        if (!allowed)
          found.push(
            finding(
              this,
              object,
              "error",
              "kind",
              `cluster-scoped ${object.group || "core"}/${object.kind} is not whitelisted by project ${project.name}: Argo CD refuses the sync of ${owner.name}`,
            ),
          );
      } else if (
        !isDestinationPermitted(spec.destinations ?? [], {
          ...destinationOf(owner.object),
          namespace: object.namespace,
        })
      ) {
        found.push(
          finding(
            this,
            object,
            "error",
            "metadata.namespace",
            `namespace ${object.namespace} is not a destination of project ${project.name}: Argo CD refuses the sync of ${owner.name}`,
          ),
        );
      }
    }
    return found;
  },
};

export const ARGOCD_RULES: readonly Rule[] = [
  appsetCascadeDelete,
  destinationNamespaceMissing,
  projectDenies,
  appsetWaveIgnored,
  waveOrder,
  missingSkipDryRun,
  namespaceMissing,
  largeCrdClientSide,
  unpinnedSource,
  syncPolicy,
  knownDriftUnhandled,
  projectWildcard,
];
