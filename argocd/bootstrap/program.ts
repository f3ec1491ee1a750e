// The bootstrap of one environment's cluster (`pulumi up -s <env>`): Argo CD from its release manifests, the
// cluster Secret that the ApplicationSet selects, repository credentials and, where the environment's
// secrets come from the bootstrap, the Secrets its components read; then the AppProject and the
// ApplicationSet. Everything comes from one render of the declarations in memory, the same render synth
// writes to deploy/, so the objects it applies and the Secrets it creates cannot disagree.
import type { Blueprint } from "../../lib/blueprint.ts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { EnvironmentModel, SecretModel } from "../../lib/model/types.ts";
import { DELIVERY_FOLDER } from "../../lib/model/layers.ts";
import { renderPlatform, type RenderedPlatform } from "../../lib/synth.ts";
import { loadConfig } from "../../lib/config.ts";
import { APPLICATION_SET_NAME, ENVIRONMENT_LABEL } from "../render/application-set.ts";
import { argoCdInstall } from "./install-manifests.ts";

export interface BootstrapOptions {
  readonly blueprint: Blueprint;
  /** Project folder: declarations and deploy/. */
  readonly root: string;
  /** Environment to bootstrap; the stack name. */
  readonly environment: string;
}

export interface Bootstrap {
  readonly resources: readonly pulumi.Resource[];
}

/** Stack secret holding every bootstrap-delivered Secret: `pulumi config set --secret --path 'secrets.<name>.<key>' <value>`. */
export const SECRETS_CONFIG = "secrets";
/** Optional token for a private repository: `pulumi config set --secret repositoryPassword <token>`. */
export const REPOSITORY_PASSWORD_CONFIG = "repositoryPassword";
/**
 * Whether `up` waits for Argo CD's workloads to become ready and `destroy` for namespaces to be gone (default
 * true). `pulumi config set trellis:waitForArgoCd false` where nothing can become ready: a cluster without
 * nodes, or a bare API server as in `trellis rehearse`.
 */
export const WAIT_CONFIG = "waitForArgoCd";
const SKIP_AWAIT = { "pulumi.com/skipAwait": "true" };

const SECRET_TYPE = "argocd.argoproj.io/secret-type";

export async function bootstrap(options: BootstrapOptions): Promise<Bootstrap> {
  const rendered = await renderPlatform(options.blueprint, options.root);
  const environment = environmentModel(rendered, options.environment);
  const config = new pulumi.Config("trellis");
  if (environment.secrets.delivery.provider === "bootstrap") checkSecretsGiven(environment.secrets.secrets);
  const { argocd } = environment;
  const resources: pulumi.Resource[] = [];

  const settings = await loadConfig(options.root);
  const wait = config.getBoolean(WAIT_CONFIG) ?? true;
  // Kept on destroy like the CRDs, the AppProject and the ApplicationSet inside it: deleting the namespace would
  // have the namespace controller delete those with it, and the Applications with their resources (measured in the
  // rehearsal's real cluster, where the namespace controller runs).
  const namespace = new k8s.core.v1.Namespace(
    "argocd",
    { metadata: { name: argocd.namespace, ...(wait ? {} : { annotations: SKIP_AWAIT }) } },
    { retainOnDelete: true },
  );
  // Argo CD v3.5.1 from its release's own manifests (argocd-settings.ts laid over its ConfigMaps): its images,
  // CRDs, RBAC and arguments are that release's, not an older chart's.
  const install = await argoCdInstall(options.root, settings, argocd);
  // The CRDs stay on destroy: deleting them deletes every Application, and with them what the environment runs.
  const crds = install.crds.map(
    (crd) =>
      new k8s.apiextensions.v1.CustomResourceDefinition(
        `argo-cd-crd-${crd.metadata.name}`,
        crd as unknown as k8s.apiextensions.v1.CustomResourceDefinitionArgs,
        { dependsOn: [namespace], retainOnDelete: true },
      ),
  );
  const argoCd = new k8s.yaml.v2.ConfigGroup(
    "argo-cd",
    { objs: [...install.objects], skipAwait: !wait },
    { dependsOn: [namespace, ...crds] },
  );
  resources.push(namespace, ...crds, argoCd);

  resources.push(
    new k8s.core.v1.Secret(
      "cluster",
      {
        metadata: {
          name: "trellis-cluster",
          namespace: argocd.namespace,
          labels: { [SECRET_TYPE]: "cluster", [ENVIRONMENT_LABEL]: environment.name },
        },
        stringData: { name: "in-cluster", server: argocd.destinationServer },
      },
      { dependsOn: [namespace] },
    ),
  );

  const repositoryPassword = config.getSecret(REPOSITORY_PASSWORD_CONFIG);
  if (repositoryPassword) {
    resources.push(
      new k8s.core.v1.Secret(
        "repository",
        {
          metadata: {
            name: "trellis-repository",
            namespace: argocd.namespace,
            labels: { [SECRET_TYPE]: "repository" },
          },
          stringData: {
            type: "git",
            url: argocd.repoURL,
            username: config.get("repositoryUsername") ?? "git",
            password: repositoryPassword,
          },
        },
        { dependsOn: [namespace] },
      ),
    );
  }

  if (environment.secrets.delivery.provider === "bootstrap")
    resources.push(...componentSecrets(environment, config, wait));

  const roots = [
    ...renderedObjects(rendered, environment.name, `${DELIVERY_FOLDER}/appproject-`),
    ...renderedObjects(rendered, DELIVERY_FOLDER, `applicationset-${APPLICATION_SET_NAME}.yaml`),
  ];
  for (const object of roots) {
    // They need the CRDs and the namespace. Where the bootstrap waits for Argo CD, they come after it is available:
    // an Application generated before the repo server answers fails its first comparison and waits a whole
    // reconciliation period (3 minutes) for the next (measured in the rehearsal). Kept on `pulumi destroy` (and on a replacement): deleting them would take the environment's Applications
    // with them; Argo CD owns them once installed.
    resources.push(
      new k8s.apiextensions.CustomResource(`${object.kind.toLowerCase()}-${object.metadata.name}`, object, {
        dependsOn: [namespace, ...crds, ...(wait ? [argoCd] : [])],
        retainOnDelete: true,
      }),
    );
  }
  return { resources };
}

function environmentModel(rendered: RenderedPlatform, name: string): EnvironmentModel {
  const environment = rendered.platform.environments.find((candidate) => candidate.name === name);
  if (!environment) {
    const declared = rendered.platform.environments.map((candidate) => candidate.name).join(", ");
    throw new Error(
      `stack "${name}" names no environment; declared: ${declared}. Select a stack named after one (pulumi stack select <env>)`,
    );
  }
  return environment;
}

/**
 * The Secrets the environment's components and in-cluster backends read, from one secret stack setting.
 * Their namespaces are created here too, since the Secrets must exist before Argo CD starts the apps;
 * they are kept when the stack is destroyed because Argo CD manages them afterwards.
 */
function componentSecrets(environment: EnvironmentModel, config: pulumi.Config, wait: boolean): pulumi.Resource[] {
  const values = config.requireSecretObject<Record<string, Record<string, string>>>(SECRETS_CONFIG);
  const namespaces = new Map<string, k8s.core.v1.Namespace>();
  const resources: pulumi.Resource[] = [];
  for (const model of environment.namespaces.filter((candidate) =>
    environment.secrets.secrets.some((secret) => secret.namespace === candidate.name),
  )) {
    const namespace = new k8s.core.v1.Namespace(
      `namespace-${model.name}`,
      {
        metadata: {
          name: model.name,
          ...(wait ? {} : { annotations: SKIP_AWAIT }),
          labels: {
            "pod-security.kubernetes.io/enforce": model.podSecurity.enforce,
            "pod-security.kubernetes.io/warn": model.podSecurity.warn,
            "pod-security.kubernetes.io/audit": model.podSecurity.warn,
          },
        },
      },
      { retainOnDelete: true },
    );
    namespaces.set(model.name, namespace);
    resources.push(namespace);
  }
  for (const secret of environment.secrets.secrets) {
    resources.push(
      new k8s.core.v1.Secret(
        `secret-${secret.namespace}-${secret.name}`,
        {
          metadata: { name: secret.name, namespace: secret.namespace },
          type: "Opaque",
          stringData: values.apply((all) => secretData(secret, all)),
        },
        {
          dependsOn: [
            ...(namespaces.has(secret.namespace) ? [namespaces.get(secret.namespace) as k8s.core.v1.Namespace] : []),
          ],
        },
      ),
    );
  }
  return resources;
}

/** Fails before anything is created when a key is missing, naming the command that sets it. Reads key names only. */
function checkSecretsGiven(secrets: readonly SecretModel[]): void {
  const raw = pulumi.runtime.getConfig(`trellis:${SECRETS_CONFIG}`);
  let given: Record<string, Record<string, unknown>> = {};
  try {
    given = raw ? (JSON.parse(raw) as Record<string, Record<string, unknown>>) : {};
  } catch {
    throw new Error(
      `stack setting trellis:${SECRETS_CONFIG} is not an object; set it with pulumi config set --secret --path '${SECRETS_CONFIG}.<secret>.<key>' <value>`,
    );
  }
  // One stack value per Secret name and key, whatever namespaces hold a Secret of that name.
  const missing = new Map<string, { readonly where: Set<string>; readonly readers: Set<string> }>();
  for (const secret of secrets) {
    for (const key of secret.keys) {
      if (typeof given[secret.name]?.[key] === "string" && given[secret.name]?.[key] !== "") continue;
      const entry = missing.get(`${secret.name}.${key}`) ?? { where: new Set<string>(), readers: new Set<string>() };
      entry.where.add(`${secret.namespace}/${secret.name}`);
      secret.readers.forEach((reader) => entry.readers.add(reader));
      missing.set(`${secret.name}.${key}`, entry);
    }
  }
  if (missing.size > 0) {
    const lines = [...missing.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([path, { where, readers }]) =>
          `  pulumi config set --secret --path '${SECRETS_CONFIG}.${path}' <value>   # ${[...where].sort().join(", ")}, read by ${[...readers].sort().join(", ")}`,
      );
    throw new Error(
      `the stack is missing ${missing.size} secret value(s); nothing was created. Run:\n${lines.join("\n")}`,
    );
  }
}

function secretData(secret: SecretModel, all: Record<string, Record<string, string>>): Record<string, string> {
  return Object.fromEntries(secret.keys.map((key) => [key, all[secret.name]?.[key] ?? ""]));
}

interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** Objects of the in-memory render whose file, under the folder, starts with the prefix. */
function renderedObjects(rendered: RenderedPlatform, folder: string, prefix: string): RenderedObject[] {
  const files = (rendered.folders.find((candidate) => candidate.name === folder)?.files ?? []).filter((file) =>
    file.path.startsWith(prefix),
  );
  if (files.length === 0) throw new Error(`internal: the render has no ${folder}/${prefix}*`);
  return files.map((file) => parse(file.content) as RenderedObject);
}
