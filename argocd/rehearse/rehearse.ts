// `trellis rehearse`: the bootstrap of one environment, run with the real Pulumi engine against a local
// kube-apiserver. preview, up, a check of what the cluster holds against what the program declares, a second
// preview that must change nothing, destroy, and a check that nothing is left; then everything it started
// stops. Secrets are test values generated here; the user's Pulumi login, state and stack files are untouched.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import type { Check } from "./check.ts";
import { REPOSITORY_PASSWORD_CONFIG, SECRETS_CONFIG, WAIT_CONFIG } from "../bootstrap/program.ts";
import { APPLICATION_SET_NAME, ENVIRONMENT_LABEL } from "../render/application-set.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { DELIVERY_FOLDER } from "../../lib/model/layers.ts";
import { loadPlatform } from "../../lib/synth.ts";
import { ARGOCD, CHARTS } from "../../versions.ts";
import { ensureControlPlane, KUBERNETES_VERSION } from "../../lib/tools/control-plane.ts";
import { reportedVersion, versionQueries } from "../../lib/tools/engine-versions.ts";
import { ensureClusterNodes } from "../../lib/tools/cluster-controllers.ts";
import { startLocalCluster, type LocalCluster } from "../../lib/tools/local-cluster.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { ensurePulumi } from "../../lib/tools/pulumi.ts";
import { ensureArgoCd } from "../../lib/tools/argocd.ts";
import { ensureHelm } from "../../lib/tools/helm.ts";
import { ensureGoTool } from "../../lib/tools/go-tool.ts";
import { KUSTOMIZE } from "../../lib/tools/kustomize.ts";
import { loadConfig, resolveSchemaLocation } from "../../lib/config.ts";
import { startPodSupervisor, type PodSupervisor, type ProcessPod } from "../../lib/cluster/pod-supervisor.ts";
import { startClaimBinder, type ClaimBinder } from "../../lib/cluster/claim-binder.ts";
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import { CERT_MANAGER_VERSION, ensureCertManager } from "../../lib/tools/cert-manager.ts";
import { certManagerImages } from "../../platform/cert-manager/cert-manager-images.ts";
import { DAPR_VERSION, daprModuleSource, ensureDaprControlPlane, ensureDaprd } from "../../lib/tools/dapr.ts";
import { daprControlPlaneImages } from "../../runtime/dapr-images.ts";
import { effectivePodsAgreement } from "../../runtime/gates/effective-pods-agreement.ts";
import { rehearseSchedulerFailover } from "../../runtime/scheduler-failover.ts";
import { rehearseLeaseFailover } from "../../runtime/lease-failover.ts";
import { autoInstrumentationImages, ensureOtelOperator, OTEL_OPERATOR_VERSION } from "../../lib/tools/otel-operator.ts";
import { appPodImages } from "../../runtime/stand-in/stand-in-images.ts";
import { traceCollectorImages } from "../../platform/observability/collector-images.ts";
import { ensureCollector } from "../../lib/tools/collector.ts";
import { ensureJaeger } from "../../lib/tools/jaeger.ts";
import { rehearseTraffic } from "../../runtime/traffic/traffic-step.ts";
import { SIDECAR_CONTAINER } from "../../runtime/traffic/app-pods.ts";
import { otelOperatorImages } from "../../platform/observability/otel-operator-images.ts";
import { ensureExternalSecrets, EXTERNAL_SECRETS_VERSION } from "../../lib/tools/external-secrets.ts";
import { externalSecretsImages } from "../../platform/secrets/external-secrets-images.ts";
import { startVaultStandIn, type VaultStandIn } from "../../platform/secrets/vault-stand-in.ts";
import { externalSecretsCheck } from "../../platform/secrets/external-secrets-check.ts";
import { missingBackends } from "../../runtime/traffic/rehearsed-backends.ts";
import { listKinds, standInForArgoCd } from "./argocd-stand-in.ts";
import { argoCdImages, writeImageScripts } from "./argocd-images.ts";
import type { ApplicationRecord } from "./argocd-sync.ts";
import { processPodsCheck, rehearseSync } from "./sync-step.ts";
import { inventoryCheck, rehearseDeletion, workloadInventory } from "./deletion-step.ts";
import { rehearseNegativeCases, rehearseRefusedUpgrade } from "./negative-step.ts";
import { deployAt, rehearseUpgrade, resolveFrom } from "./upgrade-step.ts";
import { chartSources } from "./chart-sources.ts";
import { environmentApplications, loadDeploy } from "./environment-applications.ts";
import { waveModelAgreement } from "./wave-model-agreement.ts";
import { rehearseFinalizerCascade } from "./finalizer-negative.ts";
import { rehearseDeniedKind } from "./kind-negative.ts";
import { startLoopbackOrigin, type LoopbackOrigin } from "./loopback-origin.ts";
import { createWorkspace, type PulumiWorkspace } from "./pulumi-workspace.ts";

export type { Check } from "./check.ts";

/** Debian's HAProxy, which plays the highly available install's haproxy image. */
const HAPROXY = "/usr/sbin/haproxy";

export interface RehearsalOptions {
  readonly root: string;
  readonly environment: string;
  /** Leave these secret keys out ("name.key"), to rehearse a stack that is missing them. */
  readonly withholdSecrets?: readonly string[];
  readonly log: (line: string) => void;
  /**
   * Whether Argo CD runs and syncs the environment (by default it does); without it only the bootstrap is rehearsed,
   * on a cluster whose pods are all simulated.
   */
  readonly watchSync?: boolean;
  /**
   * How long Argo CD may take to sync every Application; 15 minutes unless said (the apps wait for their sidecars,
   * which wait for the control plane).
   */
  readonly syncDeadlineMs?: number;
  /**
   * Rehearse an upgrade: install this revision's deploy/ first (a commit, or `previous`: the newest commit whose
   * output for the environment differs), then the working tree's as the next commit (upgrade-step.ts).
   */
  readonly from?: string;
}

export interface Rehearsal {
  readonly environment: string;
  /** The step that stopped the rehearsal, with the engine's words, when one did. */
  readonly failure?: { readonly step: string; readonly output: string };
  readonly created: number;
  readonly checks: readonly Check[];
  /** Changes the second preview wanted; 0 when the stack converged. */
  readonly secondPreviewChanges?: number;
  /** Objects still present after destroy and cleanup of what destroy keeps on purpose. */
  readonly leftAfterDestroy: readonly string[];
  /** Every object the program keeps on destroy (retainOnDelete: Argo CD's namespace and CRDs, the AppProject, the ApplicationSet, dev's namespaces), removed here afterwards. */
  readonly retained: readonly string[];
  /** AppProjects released from Argo CD's finalizer, which Argo CD would remove but does not run here (argocd-stand-in.ts). */
  readonly releasedByStandIn: number;
  /** Every Application of the environment as the real Argo CD left it. */
  readonly applications: readonly ApplicationRecord[];
  /** Pods that ran as processes, as the pod supervisor saw them last. */
  readonly processPods: readonly ProcessPod[];
  /** Pods kwok simulated (no process ran). */
  readonly simulatedPods: readonly SimulatedPod[];
  /** The version each engine binary reports of itself, by the report's engine name. */
  readonly engines: Readonly<Record<string, string>>;
  /** Why the apps' traffic did not run, where it did not: the components whose backends the rehearsal lacks. */
  readonly trafficNotRun?: string;
}

export interface SimulatedPod {
  readonly namespace: string;
  readonly name: string;
  readonly ready: boolean;
}

interface StackObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly retained: boolean;
}

export async function rehearse(options: RehearsalOptions): Promise<Rehearsal> {
  const started = performance.now();
  const step = (text: string) =>
    options.log(`rehearse ${options.environment}: ${text} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const platform = await loadPlatform(options.root);
  const environment = platform.environments.find((candidate) => candidate.name === options.environment);
  if (!environment)
    throw new Error(
      `no environment "${options.environment}"; declared: ${platform.environments.map((candidate) => candidate.name).join(", ")}`,
    );

  // Without the sync only the bootstrap is rehearsed: every pod is kwok's and the bootstrap does not wait for Argo CD.
  const live = options.watchSync ?? true;
  // Argo CD's highly available install places its Redis and HAProxy replicas on three different nodes.
  const nodeCount = environment.argocd.highAvailability ? 3 : 1;
  step(
    "building or finding the engines: kube-apiserver, etcd, kubectl, kube-controller-manager, kube-scheduler, kwok, pulumi, its Node.js language host and Kubernetes provider",
  );
  const config = await loadConfig(options.root);
  const [binaries, engine, nodes] = await Promise.all([
    ensureControlPlane(options.log),
    ensurePulumi(options.log),
    ensureClusterNodes(options.log),
  ]);
  const sources = resolveSchemaLocation(options.root, config.engines.sources);
  const argocdBinary = await ensureArgoCd(sources, options.log);
  const helm = await ensureHelm(options.log);
  const kustomize = await ensureGoTool(KUSTOMIZE, options.log);
  const certManager = await ensureCertManager(sources, options.log);
  const daprControlPlane = await ensureDaprControlPlane(sources, options.log);
  const otelOperator = await ensureOtelOperator(sources, options.log);
  const daprd = await ensureDaprd(sources, options.log);
  const traceCollectors = { collector: await ensureCollector(options.log), jaeger: await ensureJaeger(options.log) };
  // External Secrets, where the environment's secrets come from there (its Vault is a stand-in: vault-stand-in.ts).
  const externalSecrets =
    live && environment.secrets.delivery.provider === "external-secrets"
      ? await ensureExternalSecrets(sources, options.log)
      : undefined;
  // The apps run (stand-ins beside real sidecars) only where the rehearsal starts every backend their components use.
  const unstarted = missingBackends(environment);
  let cluster: LocalCluster | undefined;
  let workspace: PulumiWorkspace | undefined;
  let origin: LoopbackOrigin | undefined;
  let supervisor: PodSupervisor | undefined;
  let claims: ClaimBinder | undefined;
  let vault: VaultStandIn | undefined;
  if (live && environment.argocd.highAvailability && !existsSync(HAPROXY))
    throw new Error(
      `${environment.name}'s highly available Argo CD runs HAProxy before Redis, and ${HAPROXY} is missing: install Debian's haproxy package (apt-get install haproxy)`,
    );
  const scratch = await mkdtemp(join(tmpdir(), "trellis-rehearsal-"));
  // The images whose pods run as processes; every other pod is simulated by kwok.
  const images: ProcessImage[] = [
    ...argoCdImages({
      argocd: argocdBinary,
      helm,
      kustomize,
      redisServer: "/usr/bin/redis-server",
      haproxy: HAPROXY,
      scripts: await writeImageScripts(join(scratch, "image-scripts")),
    }),
    ...certManagerImages(certManager),
    ...daprControlPlaneImages(daprControlPlane),
    ...otelOperatorImages(otelOperator),
    ...traceCollectorImages(traceCollectors),
    ...(externalSecrets ? externalSecretsImages(externalSecrets) : []),
    ...(unstarted.length === 0
      ? await appPodImages({
          environment,
          folder: join(scratch, "apps"),
          daprd,
          daprSource: await daprModuleSource(),
          autoInstrumentation: await autoInstrumentationImages(sources),
          redisServer: "/usr/bin/redis-server",
        })
      : []),
  ];
  const result: { -readonly [K in keyof Rehearsal]: Rehearsal[K] } = {
    ...(unstarted.length
      ? {
          trafficNotRun: `the rehearsal starts no backend for ${unstarted.join(", ")}, so the apps' pods are simulated`,
        }
      : {}),
    environment: environment.name,
    created: 0,
    checks: [],
    leftAfterDestroy: [],
    retained: [],
    releasedByStandIn: 0,
    applications: [],
    processPods: [],
    simulatedPods: [],
    engines: {},
  };
  const cleanUp = async () => {
    await supervisor?.stop();
    await vault?.stop();
    await claims?.stop();
    await origin?.stop();
    await workspace?.remove();
    await cluster?.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  // Interrupted, it still stops the control plane and removes its temporary folders.
  const onSignal = (signal: NodeJS.Signals) =>
    void cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const deployFolder = join(options.root, "deploy", environment.name);
  const deployed = await loadDeploy(deployFolder);
  const applications = environmentApplications(deployed);
  const queries = versionQueries({
    apiServer: binaries.apiServer,
    argocd: argocdBinary,
    daprOperator: daprControlPlane.operator,
    otelOperator,
    certManagerController: certManager.controller,
  });
  result.engines = {
    ...Object.fromEntries(
      await Promise.all(Object.entries(queries).map(async ([name, query]) => [name, await reportedVersion(query)])),
    ),
    // Built from the release source, whose binary does not report its version.
    externalSecrets: externalSecrets ? EXTERNAL_SECRETS_VERSION : "not run",
  };
  try {
    const from = live && options.from ? await resolveFrom(options.root, options.from, environment.name) : undefined;
    if (live && options.from && !from)
      return {
        ...result,
        failure: {
          step: "upgrade",
          output: `--from ${options.from}: no commit of this repository has a deploy/${environment.name} that differs from the working tree's`,
        },
      };
    // What the earlier revision declares: the first install expects its Applications and needs its charts too.
    const installedDeploy = from
      ? await loadDeploy(await deployAt(options.root, from, environment.name, join(scratch, "from")))
      : deployed;
    const installed = environmentApplications(installedDeploy);
    step(
      `starting a local cluster on 127.0.0.1: control plane, controller manager, scheduler, ${nodeCount === 1 ? "a kwok node" : `${nodeCount} kwok nodes`}`,
    );
    cluster = await startLocalCluster(binaries, () => {}, nodes, {
      processImages: live ? images.map((image) => image.image) : [],
      nodeCount,
    });
    workspace = await createWorkspace(options.root, engine, cluster.kubeconfig, environment.name);
    const repositoryToken = randomBytes(12).toString("hex");
    const network = cluster.podNetwork;
    if (!network) throw new Error("the rehearsal's cluster has no pod network");
    if (live) {
      step(
        `serving deploy/ from git and the charts on https://${network.helperAddress}; running the pods of Argo CD, cert-manager, ${externalSecrets ? "External Secrets, " : ""}the Dapr control plane, the OpenTelemetry operator, the collectors, Jaeger${unstarted.length ? "" : ", the apps (stand-ins beside real daprd sidecars) and Redis"} as processes`,
      );
      origin = await startLoopbackOrigin({
        folder: join(scratch, "origin"),
        address: network.helperAddress,
        root: options.root,
        repoURL: environment.argocd.repoURL,
        revision: environment.argocd.targetRevision,
        password: repositoryToken,
        charts: chartSources([...installed, ...applications]),
        ...(from ? { from } : {}),
        chartArchives: resolveSchemaLocation(options.root, config.charts.cache),
        helm,
      });
      if (externalSecrets) {
        step("starting a stand-in for the Vault the ClusterSecretStore names, beside the cluster");
        vault = await startVaultStandIn({
          objects: [...new Set([installedDeploy, deployed])].flatMap((set) =>
            set.objects.map((loaded) => loaded.object),
          ),
          folder: join(scratch, "vault"),
          address: network.helperAddress,
          apiServer: cluster.apiServer,
          reviewerToken: cluster.adminToken,
          log: step,
        });
      }
      supervisor = await startPodSupervisor({
        cluster,
        images,
        folder: join(scratch, "pods"),
        trustedCas: [origin.ca, ...(vault ? [vault.ca] : [])],
        extraHosts: new Map([[network.helperAddress, [...origin.hosts, ...(vault?.hosts ?? [])]]]),
      });
      claims = startClaimBinder(cluster.kubectl, join(scratch, "volumes"));
    }
    const pulumi = workspace.pulumi;
    const stackInit = await pulumi(["stack", "init", environment.name, "--secrets-provider", "passphrase"]);
    if (stackInit.code !== 0)
      return { ...result, failure: { step: "stack init", output: stackInit.stderr || stackInit.stdout } };

    const testSecrets = testSecretValues(environment, options.withholdSecrets ?? []);
    const configured = await pulumi([
      "config",
      "set-all",
      "--path",
      // Where Argo CD's pods run for real, the bootstrap waits for them as it does in a cluster.
      "--plaintext",
      `trellis:${WAIT_CONFIG}=${live}`,
      "--secret",
      `trellis:${REPOSITORY_PASSWORD_CONFIG}=${repositoryToken}`,
      ...[...testSecrets].flatMap(([path, value]) => ["--secret", `trellis:${path}=${value}`]),
    ]);
    if (configured.code !== 0)
      return { ...result, failure: { step: "config set-all", output: configured.stderr || configured.stdout } };

    step("pulumi preview");
    const preview = await pulumi(["preview", "--diff"]);
    if (preview.code !== 0) return { ...result, failure: { step: "preview", output: preview.stdout + preview.stderr } };
    step("pulumi up");
    const up = await pulumi(["up", "--yes", "--skip-preview", "--parallel", "64"]);
    if (up.code !== 0) return { ...result, failure: { step: "up", output: up.stdout + up.stderr } };
    const objects = await stackObjects(pulumi);
    result.created = objects.length;

    step(`checking the ${objects.length} objects the stack created against the program`);
    result.checks = await checkCluster(cluster, options.root, environment, testSecrets, repositoryToken);

    if (live && supervisor) {
      step("Argo CD syncs the environment from the loopback repository");
      const sync = (declared: typeof applications) =>
        rehearseSync(
          cluster!.kubectl,
          environment,
          declared.map((application) => application.metadata.name),
          { deadlineMs: options.syncDeadlineMs ?? 900_000, log: (line) => step(line) },
        );
      const synced = await sync(installed);
      result.applications = synced.applications;
      result.checks = [
        ...result.checks,
        ...synced.checks,
        waveModelAgreement(installedDeploy, environment.name, synced.applications),
      ];
      if (from && origin) {
        step(`upgrade: the working tree's deploy/ follows ${from.slice(0, 12)} as the next commit`);
        const upgraded = await rehearseUpgrade(cluster.kubectl, environment.argocd, from, origin, () =>
          sync(applications),
        );
        result.applications = upgraded.applications;
        result.checks = [...result.checks, upgraded.check];
      }
      result.processPods = supervisor.processPods();
      result.checks = [
        ...result.checks,
        processPodsCheck(result.processPods),
        engineVersionsCheck(result.engines),
        await effectivePodsAgreement(
          cluster.kubectl,
          [...new Set(environment.apps.map((app) => app.namespace))].sort(),
        ),
        ...(vault ? [await externalSecretsCheck(cluster.kubectl, vault)] : []),
        // Before the scheduler's failover, which the sidecars would ride out mid-traffic.
        ...(unstarted.length === 0
          ? await rehearseTraffic({
              kubectl: cluster.kubectl,
              environment,
              sidecarLog: (namespace, pod) => supervisor!.log(namespace, pod, SIDECAR_CONTAINER),
              say: step,
              folder: scratch,
            })
          : []),
        await rehearseSchedulerFailover(
          cluster.kubectl,
          CHARTS.dapr.namespace,
          (pod) => supervisor!.log(CHARTS.dapr.namespace, pod, "dapr-scheduler-server"),
          step,
        ),
        // Operator, injector and sentry have three replicas each where the control plane is highly available; the
        // operator's elect a leader (dapr/dapr@v1.18.3 pkg/operator/operator.go: LeaderElectionID).
        ...(environment.dapr.highAvailability
          ? [
              await rehearseLeaseFailover(
                cluster.kubectl,
                { namespace: CHARTS.dapr.namespace, lease: "operator.dapr.io", deployment: "dapr-operator" },
                step,
              ),
            ]
          : []),
      ];
    }
    // Again after the traffic, whose restart check replaced an app's pod with one that runs as processes too.
    if (supervisor) result.processPods = supervisor.processPods();
    result.simulatedPods = await simulatedPods(
      cluster,
      new Set(result.processPods.map((pod) => `${pod.namespace}/${pod.name}`)),
    );

    step("second pulumi preview, which must change nothing");
    const second = await pulumi(["preview", "--diff", "--expect-no-changes"]);
    result.secondPreviewChanges = second.code === 0 ? 0 : changesIn(second.stdout);
    if (second.code !== 0 && result.secondPreviewChanges === 0)
      return { ...result, failure: { step: "second preview", output: second.stdout + second.stderr } };

    // What the sync created, which no step below may take away.
    const inventory = live ? await workloadInventory(cluster.kubectl, environment.argocd.namespace) : undefined;
    if (live) {
      await mkdir(join(scratch, "negative"), { recursive: true });
      result.checks = [
        ...result.checks,
        ...(await rehearseNegativeCases(
          cluster.kubectl,
          environment.argocd.namespace,
          applications,
          join(scratch, "negative"),
          step,
        )),
      ];
    }
    if (live && origin) {
      const served = origin;
      result.checks = [
        ...result.checks,
        await rehearseRefusedUpgrade(
          cluster.kubectl,
          environment.argocd.namespace,
          environment.name,
          (edit) => served.advance(edit),
          step,
        ),
      ];
      // Probe cases: each commit serves the working tree's deploy/ again (undoing the one above) with a probe folder.
      const probeCase = {
        argoCdNamespace: environment.argocd.namespace,
        environment: environment.name,
        project: environment.argocd.project,
        repoURL: environment.argocd.repoURL,
        revision: environment.argocd.targetRevision,
        namespace: environment.apps[0]?.namespace ?? environment.argocd.namespace,
        advance: (edit: (deploy: string) => Promise<void>) => served.advance(edit),
        folder: join(scratch, "negative"),
        log: step,
      };
      result.checks = [
        ...result.checks,
        await rehearseFinalizerCascade(cluster.kubectl, probeCase),
        ...(await rehearseDeniedKind(cluster.kubectl, probeCase)),
      ];
    }
    if (live && supervisor) {
      const argocdPods = supervisor.processPods().filter((pod) => pod.namespace === environment.argocd.namespace);
      const controller = argocdPods.find((pod) => pod.name.startsWith("argocd-applicationset-controller"));
      result.checks = [
        ...result.checks,
        ...(await rehearseDeletion(cluster.kubectl, {
          argoCdNamespace: environment.argocd.namespace,
          environment: environment.name,
          applicationSet: APPLICATION_SET_NAME,
          controllerOutput: () =>
            controller
              ? supervisor!.log(controller.namespace, controller.name, "argocd-applicationset-controller")
              : Promise.resolve(""),
          log: step,
        })),
      ];
    }

    step("pulumi destroy");
    // Where Argo CD does not run, the stand-in removes the AppProject finalizer it would remove.
    const collector = live ? undefined : standInForArgoCd(cluster, objects);
    const destroy = await pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "64"]);
    result.releasedByStandIn = (await collector?.stop()) ?? 0;
    if (destroy.code !== 0) return { ...result, failure: { step: "destroy", output: destroy.stdout + destroy.stderr } };
    if (inventory)
      result.checks = [
        ...result.checks,
        await inventoryCheck(
          "destroy-keeps-workloads",
          cluster.kubectl,
          environment.argocd.namespace,
          inventory,
          "pulumi destroy of the bootstrap done",
        ),
      ];
    await namespacesGone(cluster);
    const present = new Set(
      (await listKinds(cluster, objects)).map((item) =>
        describe({ kind: item.kind, name: item.metadata.name, namespace: item.metadata.namespace }),
      ),
    );
    result.retained = objects
      .filter((object) => object.retained && present.has(describe(object)))
      .map(describe)
      .sort();
    const left = objects.filter((object) => !object.retained && present.has(describe(object))).map(describe);
    result.leftAfterDestroy = left;
    // What the program keeps on purpose (Argo CD owns it afterwards) goes too: the rehearsal leaves nothing. Custom
    // resources first (their finalizers are Argo CD's, which does not run here), then the CRDs, then namespaces.
    await removeRetained(
      cluster,
      objects.filter((object) => object.retained),
    );
    await namespacesGone(cluster);
    step(
      `done: ${result.checks.filter((check) => check.ok).length} of ${result.checks.length} checks passed, second preview ${result.secondPreviewChanges} change(s), ${left.length} object(s) left after destroy`,
    );
    return result;
  } finally {
    process.removeListener("SIGINT", onSignal).removeListener("SIGTERM", onSignal);
    await cleanUp();
  }
}

/** Every engine that ran reports the pinned release (a leading "v" aside). */
function engineVersionsCheck(engines: Readonly<Record<string, string>>): Check {
  const pinned: Record<string, string> = {
    kubernetes: KUBERNETES_VERSION,
    argocd: ARGOCD.version,
    dapr: DAPR_VERSION,
    otelOperator: OTEL_OPERATOR_VERSION,
    certManager: CERT_MANAGER_VERSION,
  };
  const bare = (version: string) => version.replace(/^v/, "");
  const wrong = Object.entries(pinned).filter(([name, version]) => bare(engines[name] ?? "") !== bare(version));
  return {
    name: "engine-versions",
    ok: wrong.length === 0,
    detail: wrong.length
      ? wrong.map(([name, version]) => `${name} reports ${engines[name]}, pinned ${version}`).join("; ")
      : Object.entries(pinned)
          .map(([name]) => `${name} ${engines[name]}`)
          .join(", "),
  };
}

/** Pods no process ran for: kwok played them. */
async function simulatedPods(cluster: LocalCluster, processes: ReadonlySet<string>): Promise<SimulatedPod[]> {
  const listed = await cluster.kubectl(["get", "pods", "-A", "-o", "json"]);
  if (listed.code !== 0) return [];
  const items = (
    JSON.parse(listed.stdout) as {
      items: {
        metadata: { namespace: string; name: string };
        status?: { conditions?: { type: string; status: string }[] };
      }[];
    }
  ).items;
  return items
    .filter((pod) => !processes.has(`${pod.metadata.namespace}/${pod.metadata.name}`))
    .map((pod) => ({
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      ready:
        pod.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false,
    }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** A random test value for every secret key the environment's bootstrap delivers, each key once. */
function testSecretValues(environment: EnvironmentModel, withhold: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  if (environment.secrets.delivery.provider !== "bootstrap") return values;
  for (const secret of environment.secrets.secrets) {
    for (const key of secret.keys) {
      const path = `${secret.name}.${key}`;
      if (!withhold.includes(path))
        values.set(`${SECRETS_CONFIG}.${path}`, `rehearsal-${randomBytes(8).toString("hex")}`);
    }
  }
  return values;
}

async function stackObjects(pulumi: PulumiWorkspace["pulumi"]): Promise<StackObject[]> {
  const exported = await pulumi(["stack", "export"]);
  const state = JSON.parse(exported.stdout) as {
    deployment: { resources?: { type: string; custom?: boolean; outputs?: any; retainOnDelete?: boolean }[] };
  };
  return (state.deployment.resources ?? [])
    .filter((resource) => resource.custom && resource.type.startsWith("kubernetes:") && resource.outputs?.kind)
    .map((resource) => ({
      apiVersion: resource.outputs.apiVersion,
      kind: resource.outputs.kind,
      name: resource.outputs.metadata?.name,
      namespace: resource.outputs.metadata?.namespace,
      retained: resource.retainOnDelete === true,
    }));
}

function describe(object: Pick<StackObject, "kind" | "name" | "namespace">): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name}`;
}

/** Deletes what the program keeps on destroy: custom resources without their finalizers, then CRDs, then namespaces. */
async function removeRetained(cluster: LocalCluster, retained: readonly StackObject[]): Promise<void> {
  const order = (object: StackObject) =>
    object.kind === "Namespace" ? 2 : object.kind === "CustomResourceDefinition" ? 1 : 0;
  for (const object of [...retained].sort((a, b) => order(a) - order(b))) {
    const type = `${object.kind}.${object.apiVersion.includes("/") ? `${object.apiVersion.split("/")[1]}.${object.apiVersion.split("/")[0]}` : object.apiVersion}`;
    const where = object.namespace ? ["-n", object.namespace] : [];
    if (order(object) === 0)
      await cluster.kubectl([
        "patch",
        `${type}/${object.name}`,
        ...where,
        "--type",
        "merge",
        "-p",
        JSON.stringify({ metadata: { finalizers: [] } }),
      ]);
    await cluster.kubectl(["delete", `${type}/${object.name}`, ...where, "--wait=false", "--ignore-not-found"]);
  }
}

/** Deleted namespaces finish deleting: the namespace controller empties them; bounded, so a stuck one is reported. */
async function namespacesGone(cluster: LocalCluster): Promise<void> {
  await waitFor(
    "no namespace left Terminating",
    async () => {
      const listed = await cluster.kubectl(["get", "namespaces", "-o", "json"]);
      const items = (JSON.parse(listed.stdout) as { items: { metadata: { deletionTimestamp?: string } }[] }).items;
      return items.some((namespace) => namespace.metadata.deletionTimestamp) ? undefined : true;
    },
    { deadlineMs: 120_000, intervalMs: 500 },
  ).catch(() => undefined);
}

/** "+ 2 to create", "~ 1 to update", "- 1 to delete", "+-1 to replace" from a preview's summary. */
function changesIn(output: string): number {
  return [...output.matchAll(/^\s*[+~\-]+\s*(\d+) to (?:create|update|delete|replace)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

async function checkCluster(
  cluster: LocalCluster,
  root: string,
  environment: EnvironmentModel,
  testSecrets: Map<string, string>,
  repositoryToken: string,
): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const get = async (args: string[]): Promise<any | undefined> => {
    const result = await cluster.kubectl(["get", ...args, "-o", "json"]);
    return result.code === 0 ? JSON.parse(result.stdout) : undefined;
  };
  const { argocd } = environment;

  const namespaces = [
    argocd.namespace,
    ...(environment.secrets.delivery.provider === "bootstrap"
      ? [...new Set(environment.secrets.secrets.map((secret) => secret.namespace))]
      : []),
  ];
  const missingNamespaces: string[] = [];
  for (const name of namespaces) if (!(await get(["namespace", name]))) missingNamespaces.push(name);
  check(
    "namespaces",
    missingNamespaces.length === 0,
    missingNamespaces.length ? `missing: ${missingNamespaces.join(", ")}` : namespaces.join(", "),
  );

  const crds = ["applications.argoproj.io", "applicationsets.argoproj.io", "appprojects.argoproj.io"];
  const missingCrds: string[] = [];
  for (const name of crds) if (!(await get(["customresourcedefinition", name]))) missingCrds.push(name);
  check(
    "Argo CD CRDs",
    missingCrds.length === 0,
    missingCrds.length ? `missing: ${missingCrds.join(", ")}` : crds.join(", "),
  );

  // Argo CD's four controllers from the chart, each running the pinned release's image.
  const components = ["server", "repo-server", "applicationset-controller", "application-controller"];
  const listed = await get([
    "deployments,statefulsets",
    "-n",
    argocd.namespace,
    "-l",
    "app.kubernetes.io/part-of=argocd",
  ]);
  const workloads = (listed?.items ?? []) as {
    metadata: { labels?: Record<string, string> };
    spec: { template: { spec: { containers: { image: string }[] } } };
  }[];
  const found = (component: string) =>
    workloads.find((workload) => workload.metadata.labels?.["app.kubernetes.io/component"] === component);
  const missingComponents = components.filter((component) => !found(component));
  const otherImages = components.flatMap(
    (component) =>
      found(component)
        ?.spec.template.spec.containers.map((container) => container.image)
        .filter((image) => !image.endsWith(`:${ARGOCD.version}`)) ?? [],
  );
  check(
    "Argo CD install",
    missingComponents.length === 0 && otherImages.length === 0,
    missingComponents.length
      ? `missing in ${argocd.namespace}: ${missingComponents.join(", ")}`
      : otherImages.length
        ? `not ${ARGOCD.version}: ${otherImages.join(", ")}`
        : `${components.join(", ")} at ${ARGOCD.version}`,
  );

  const clusterSecret = await get(["secret", "trellis-cluster", "-n", argocd.namespace]);
  const labels = clusterSecret?.metadata?.labels ?? {};
  check(
    "cluster Secret",
    labels["argocd.argoproj.io/secret-type"] === "cluster" &&
      labels[ENVIRONMENT_LABEL] === environment.name &&
      decode(clusterSecret?.data?.server) === argocd.destinationServer,
    clusterSecret ? `labels ${JSON.stringify(labels)}, server ${decode(clusterSecret.data?.server)}` : "missing",
  );

  const repository = await get(["secret", "trellis-repository", "-n", argocd.namespace]);
  check(
    "repository credentials",
    repository?.metadata?.labels?.["argocd.argoproj.io/secret-type"] === "repository" &&
      decode(repository?.data?.url) === argocd.repoURL &&
      decode(repository?.data?.password) === repositoryToken,
    repository ? `url ${decode(repository.data?.url)}` : "missing",
  );

  if (environment.secrets.delivery.provider === "bootstrap") {
    const wrong: string[] = [];
    for (const secret of environment.secrets.secrets) {
      const found = await get(["secret", secret.name, "-n", secret.namespace]);
      for (const key of secret.keys) {
        if (decode(found?.data?.[key]) !== testSecrets.get(`${SECRETS_CONFIG}.${secret.name}.${key}`))
          wrong.push(`${secret.namespace}/${secret.name}.${key}`);
      }
    }
    check(
      "bootstrap Secrets",
      wrong.length === 0,
      wrong.length
        ? `missing or wrong: ${wrong.join(", ")}`
        : `${environment.secrets.secrets.length} Secrets with the test values`,
    );
  }

  for (const file of [
    join(root, "deploy", environment.name, DELIVERY_FOLDER, `appproject-trellis-${environment.name}.yaml`),
    join(root, "deploy", DELIVERY_FOLDER, `applicationset-${APPLICATION_SET_NAME}.yaml`),
  ]) {
    const declared = parse(await readFile(file, "utf8")) as {
      kind: string;
      metadata: { name: string; namespace: string };
      spec: unknown;
    };
    const live = await get([
      `${declared.kind.toLowerCase()}.argoproj.io`,
      declared.metadata.name,
      "-n",
      declared.metadata.namespace,
    ]);
    check(
      `${declared.kind} from deploy/`,
      live !== undefined && isDeepStrictEqual(live.spec, declared.spec),
      live ? "spec as committed" : "missing",
    );
  }
  return checks;
}

function decode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}
