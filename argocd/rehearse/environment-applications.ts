// The Applications an environment's deploy/ folder declares, read once with the project's manifest loader: the
// rehearsal expects each to sync, and serves the charts they name.
import { resolve } from "node:path";
import { loadManifests, type LoadedSet } from "../../lib/manifests/load-manifests.ts";
import { compareCodePoints } from "../../lib/sort.ts";

export interface ApplicationSource {
  readonly repoURL?: string;
  readonly chart?: string;
  readonly targetRevision?: string;
}

export interface DeclaredApplication {
  readonly metadata: { readonly name: string };
  readonly spec?: {
    readonly project?: string;
    readonly destination?: { readonly server?: string; readonly namespace?: string };
    readonly source?: ApplicationSource;
    readonly sources?: readonly ApplicationSource[];
  };
}

/** An environment's deploy/ folder, loaded once (relative to the root above `deploy/`) for every step that reads it. */
export function loadDeploy(folder: string): Promise<LoadedSet> {
  return loadManifests([folder], resolve(folder, "..", ".."));
}

export function environmentApplications(deploy: LoadedSet): DeclaredApplication[] {
  return deploy.objects
    .map((loaded) => loaded.object)
    .filter((object): object is DeclaredApplication => object.kind === "Application")
    .sort((a, b) => compareCodePoints(a.metadata.name, b.metadata.name));
}
