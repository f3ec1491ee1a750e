// The whole flow: declarations → model → files in memory → deploy/ replaced atomically.
import { loadDeclarations, type LoadOptions } from "./declarations/load.ts";
import { DeclarationError } from "./declarations/problems.ts";
import { resolvePlatform } from "./model/resolve.ts";
import type { Platform } from "./model/types.ts";
import { phase } from "./telemetry/phases.ts";
import {
  replaceFolders,
  type FolderContent,
  type ReplaceOptions,
  type WriteSummary,
} from "./output/replace-folders.ts";
import { DELIVERY_FOLDER } from "./model/layers.ts";
import { renderEnvironment, renderPlatformDelivery } from "./render/render-environment.ts";

export interface SynthOptions
  extends LoadOptions, Pick<ReplaceOptions, "lockWaitMs" | "onWait" | "onRecover" | "onStep"> {
  /** Render only these environments; all when empty or absent. */
  readonly environments?: readonly string[];
}

export interface RenderedPlatform {
  readonly platform: Platform;
  readonly folders: readonly FolderContent[];
}

/** The resolved model of the declarations, without rendering anything. */
export async function loadPlatform(root: string, options: LoadOptions = {}): Promise<Platform> {
  const declarations = await phase("trellis.load", {}, () => loadDeclarations(root, options));
  return phase(
    "trellis.resolve",
    { "trellis.apps": declarations.apps.length, "trellis.environments": declarations.environments.length },
    () => resolvePlatform(declarations),
  );
}

/** Renders in memory; writes nothing. */
export async function renderPlatform(root: string, options: SynthOptions = {}): Promise<RenderedPlatform> {
  const platform = await loadPlatform(root, options);
  const wanted = options.environments ?? [];
  const declared = platform.environments.map((environment) => environment.name);
  const unknown = wanted.filter((name) => !declared.includes(name));
  if (unknown.length > 0) {
    throw new DeclarationError(
      unknown.map((name) => ({
        file: `environments/${name}.ts`,
        path: "(file)",
        message: `environment "${name}" is not declared; declared: ${declared.join(", ")}`,
      })),
    );
  }
  const selected = platform.environments.filter(
    (environment) => wanted.length === 0 || wanted.includes(environment.name),
  );
  const folders = selected.map((environment) => ({
    name: environment.name,
    files: phase("trellis.render", { "trellis.environment": environment.name }, () => renderEnvironment(environment)),
  }));
  // The ApplicationSet names every environment, so it is rendered from all of them whatever --env selects.
  const delivery = phase("trellis.render", { "trellis.environment": DELIVERY_FOLDER }, () =>
    renderPlatformDelivery(platform.environments),
  );
  return { platform, folders: [...folders, { name: DELIVERY_FOLDER, files: delivery }] };
}

/**
 * Renders, then replaces each environment's folder under outDir. A full run also removes Trellis-written
 * folders of environments no longer declared; nothing Trellis did not write is ever removed.
 */
export async function synth(
  root: string,
  outDir: string,
  options: SynthOptions = {},
): Promise<RenderedPlatform & { readonly written: WriteSummary }> {
  const rendered = await renderPlatform(root, options);
  const files = rendered.folders.reduce((sum, folder) => sum + folder.files.length, 0);
  const written = await phase("trellis.write", { "trellis.files": files }, () =>
    replaceFolders(outDir, rendered.folders, {
      prune: (options.environments ?? []).length === 0,
      lockWaitMs: options.lockWaitMs,
      onWait: options.onWait,
      onRecover: options.onRecover,
      onStep: options.onStep,
    }),
  );
  return { ...rendered, written };
}
