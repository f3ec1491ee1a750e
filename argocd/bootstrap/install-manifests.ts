// Argo CD as its release publishes it: manifests/install.yaml, or manifests/ha/install.yaml where the environment
// runs Argo CD highly available, read from where trellis.config.ts says (upstream at the pinned tag by default).
// Applied as published but for two things: every namespaced object gets Argo CD's namespace (the files name none;
// upstream applies them with -n), and argocd-cm and argocd-cmd-params-cm get the platform's settings laid over theirs.
import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { Config } from "../../lib/config.ts";
import { CLUSTER_SCOPED_KINDS } from "../../lib/manifests/scope.ts";
import type { ArgoCdModel } from "../../lib/model/types.ts";
import { ARGOCD_CM, ARGOCD_PARAMS } from "./argocd-settings.ts";

/** The namespace the release's manifests are written for: its ClusterRoleBindings and HA scripts name it. */
export const RELEASE_NAMESPACE = "argocd";

export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

export interface ArgoCdInstall {
  /** The file or URL the objects come from. */
  readonly source: string;
  /** The release's CRDs, applied first. */
  readonly crds: readonly ManifestObject[];
  /** Everything else, in the release's order. */
  readonly objects: readonly ManifestObject[];
}

/** The settings each ConfigMap gets on top of the release's own data. */
const SETTINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "argocd-cm": ARGOCD_CM,
  "argocd-cmd-params-cm": ARGOCD_PARAMS,
};

export async function argoCdInstall(root: string, config: Config, argocd: ArgoCdModel): Promise<ArgoCdInstall> {
  if (argocd.namespace !== RELEASE_NAMESPACE) {
    throw new Error(
      `Argo CD's release manifests bind its ClusterRoles to ServiceAccounts in namespace "${RELEASE_NAMESPACE}"; the platform names "${argocd.namespace}"`,
    );
  }
  const source = argocd.highAvailability ? config.argocd.install.ha : config.argocd.install.standard;
  const text = /^https:\/\//.test(source)
    ? await download(source)
    : await readFile(isAbsolute(source) ? source : join(root, source), "utf8");
  const objects = parseAllDocuments(text)
    .map((document) => document.toJS() as ManifestObject | null)
    .filter((object): object is ManifestObject => object !== null && typeof object === "object")
    .map((object) => placed(object, argocd.namespace));
  return {
    source,
    crds: objects.filter((object) => object.kind === "CustomResourceDefinition"),
    objects: objects.filter((object) => object.kind !== "CustomResourceDefinition"),
  };
}

function placed(object: ManifestObject, namespace: string): ManifestObject {
  const inNamespace = CLUSTER_SCOPED_KINDS.has(object.kind)
    ? object
    : { ...object, metadata: { ...object.metadata, namespace } };
  const settings = object.kind === "ConfigMap" ? SETTINGS[object.metadata.name] : undefined;
  return settings
    ? { ...inNamespace, data: { ...((object.data as Record<string, string> | undefined) ?? {}), ...settings } }
    : inNamespace;
}

async function download(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(
      `could not read Argo CD's install manifests from ${url}: HTTP ${response.status}; point argocd.install in trellis.config.ts at a local copy`,
    );
  return response.text();
}
