// The whole flow: declarations → model → files in memory → deploy/ replaced atomically.
import type { Blueprint } from "./blueprint.ts";
import { runDeclarationChecks, type DeclarationCheck } from "./declarations/checks.ts";
import { loadDeclarations, type LoadOptions } from "./declarations/load-declarations.ts";
import { DeclarationError, sortProblems, type Problem } from "./declarations/problems.ts";
import { resolvePlatform } from "./model/resolve.ts";
import type { Platform } from "./model/types.ts";
import type { RenderedPlatform } from "./render/rendered-platform.ts";

export type { RenderedPlatform };
import { phase } from "./telemetry/phases.ts";
import { replaceFolders, type ReplaceOptions, type WriteSummary } from "./output/replace-folders.ts";
import { DELIVERY_FOLDER } from "./model/layers.ts";
import { renderEnvironment, renderPlatformDelivery } from "./render/render-environment.ts";

export interface SynthOptions
  extends LoadOptions, Pick<ReplaceOptions, "lockWaitMs" | "onWait" | "onRecover" | "onStep"> {
  /** Render only these environments; all when empty or absent. */
  readonly environments?: readonly string[];
}

export interface LoadPlatformOptions extends LoadOptions {
  /**
   * Run over the declarations once they passed their schemas, before the model is resolved (a blueprint's
   * declarationChecks): an error stops the load with a DeclarationError, as a schema problem does.
   */
  readonly declarationChecks?: readonly DeclarationCheck[];
  /** Given each warning of the checks; absent: warnings are dropped. */
  readonly onWarning?: (warning: Problem) => void;
}

/** The resolved model of the declarations, without rendering anything. */
export async function loadPlatform(root: string, options: LoadPlatformOptions = {}): Promise<Platform> {
  const declarations = await phase("trellis.load", {}, () => loadDeclarations(root, options));
  const checks = options.declarationChecks ?? [];
  if (checks.length > 0) {
    const warnings = phase("trellis.check-declarations", { "trellis.checks": checks.length }, () =>
      runDeclarationChecks(declarations, checks),
    );
    for (const warning of sortProblems(warnings)) options.onWarning?.(warning);
  }
  return phase(
    "trellis.resolve",
    { "trellis.apps": declarations.apps.length, "trellis.environments": declarations.environments.length },
    () => resolvePlatform(declarations),
  );
}

/** Renders in memory; writes nothing. The blueprint's declaration checks run first: an error renders nothing. */
export async function renderPlatform(
  blueprint: Blueprint,
  root: string,
  options: SynthOptions = {},
): Promise<RenderedPlatform> {
  const warnings: Problem[] = [];
  const platform = await loadPlatform(root, {
    ...options,
    declarationChecks: blueprint.declarationChecks,
    onWarning: (warning) => warnings.push(warning),
  });
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
    files: phase("trellis.render", { "trellis.environment": environment.name }, () =>
      renderEnvironment(blueprint, environment),
    ),
  }));
  // The ApplicationSet names every environment, so it is rendered from all of them whatever --env selects.
  const delivery = phase("trellis.render", { "trellis.environment": DELIVERY_FOLDER }, () =>
    renderPlatformDelivery(blueprint, platform.environments),
  );
  return { platform, folders: [...folders, { name: DELIVERY_FOLDER, files: delivery }], warnings };
}

/**
 * Renders, then replaces each environment's folder under outDir. A full run also removes Trellis-written
 * folders of environments no longer declared; nothing Trellis did not write is ever removed.
 */
export async function synth(
  blueprint: Blueprint,
  root: string,
  outDir: string,
  options: SynthOptions = {},
): Promise<RenderedPlatform & { readonly written: WriteSummary }> {
  const rendered = await renderPlatform(blueprint, root, options);
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
