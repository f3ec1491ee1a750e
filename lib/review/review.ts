// A review of a change: both sides rendered, then per environment the object diff, its meaning, what chart
// changes do inside the cluster, and (for reports) the policy findings the change introduces and fixes.
import { resolve } from "node:path";
import type { Blueprint } from "../blueprint.ts";
import { loadConfig } from "../config.ts";
import type { InventoryOptions } from "../inventory/inventory.ts";
import type { LoadedObject } from "../manifests/load-manifests.ts";
import { DELIVERY_FOLDER } from "../model/layers.ts";
import type { EnvironmentModel } from "../model/types.ts";
import { compareCodePoints } from "../sort.ts";
import { phase } from "../telemetry/phases.ts";
import { ensureHelm, HELM } from "../tools/helm.ts";
import { type Finding, type Rule } from "../policies/rule.ts";
import { declaredProfile } from "../policies/declared-profile.ts";
import { runChecks } from "../policies/run.ts";
import { chartChanges, type ChartChange } from "./chart-changes.ts";
import { countChanges, diffFolder, type ObjectChange } from "./environment-diff.ts";
import { loadSides, type Side } from "./sides.ts";
import { summarize, type Summaries } from "./summaries.ts";

export interface SideInfo {
  readonly label: string;
  /** Why it could not be rendered; undefined when it was. */
  readonly failure: string | undefined;
  readonly ownEngine: boolean;
}

export interface FindingDelta {
  /** Findings on the head side that the base side did not have. */
  readonly introduced: readonly Finding[];
  /** Findings of the base side that the head side no longer has. */
  readonly fixed: readonly Finding[];
}

export interface EnvironmentReview {
  /** An environment's name, or "argocd" for the shared deploy/argocd/ folder. */
  readonly environment: string;
  readonly presence: "both" | "added" | "removed";
  readonly changes: readonly ObjectChange[];
  readonly counts: { readonly added: number; readonly changed: number; readonly removed: number };
  readonly summaries: Summaries;
  readonly charts: readonly ChartChange[];
  readonly findings: FindingDelta | undefined;
  /** Each side's model of the environment, for drawings; undefined on a side that lacks it. */
  readonly models: { readonly before: EnvironmentModel | undefined; readonly after: EnvironmentModel | undefined };
}

export interface Review {
  readonly base: SideInfo;
  readonly head: SideInfo;
  readonly environments: readonly EnvironmentReview[];
}

export interface ReviewOptions {
  readonly repository: string;
  readonly base: string;
  /** Undefined: the working tree. */
  readonly head: string | undefined;
  readonly environments: readonly string[];
  /** Render changed chart Applications with Helm and compare their output. */
  readonly charts: boolean;
  /** Run every policy on both sides and keep the findings that differ. */
  readonly findings: boolean;
  readonly log: (line: string) => void;
  readonly blueprint: Blueprint;
}

export async function review(options: ReviewOptions): Promise<Review> {
  const sides = await phase("trellis.review.load", {}, () =>
    loadSides(options.blueprint, options.repository, options.base, options.head, options.environments),
  );
  try {
    const { base, head } = sides;
    const info = (side: Side): SideInfo => ({ label: side.label, failure: side.failure, ownEngine: side.ownEngine });
    // A side that does not render has nothing to compare; the review says why instead.
    if (!base.platform || !head.platform) return { base: info(base), head: info(head), environments: [] };
    const modelOf = (side: Side, name: string) =>
      side.platform?.environments.find((environment) => environment.name === name);
    const names = [
      ...new Set([...base.platform.environments, ...head.platform.environments].map((environment) => environment.name)),
    ]
      .filter((name) => options.environments.length === 0 || options.environments.includes(name))
      .sort(compareCodePoints);
    let rendering: Promise<InventoryOptions | undefined> | undefined;
    const inventory = options.charts ? () => (rendering ??= chartRendering(options)) : undefined;
    const environments: EnvironmentReview[] = [];
    for (const name of [...names, ...(options.environments.length === 0 ? [DELIVERY_FOLDER] : [])]) {
      const models = { before: modelOf(base, name), after: modelOf(head, name) };
      // One engine and the same model render the same objects: nothing to render or compare.
      const same =
        !base.ownEngine &&
        !head.ownEngine &&
        models.before !== undefined &&
        JSON.stringify(models.before) === JSON.stringify(models.after);
      const diff = same
        ? { environment: name, presence: "both" as const, changes: [] }
        : phase("trellis.review.diff", { "trellis.environment": name }, () =>
            diffFolder(name, base.objects(name), head.objects(name)),
          );
      environments.push({
        environment: name,
        presence: diff.presence,
        changes: diff.changes,
        counts: countChanges(diff),
        summaries: summarize(diff),
        charts: await phase("trellis.review.charts", { "trellis.environment": name }, () =>
          chartChanges(diff, inventory),
        ),
        findings:
          !options.findings || name === DELIVERY_FOLDER
            ? undefined
            : same
              ? { introduced: [], fixed: [] }
              : phase("trellis.review.findings", { "trellis.environment": name }, () =>
                  findingDelta(options.blueprint.rules, name, base, head),
                ),
        models,
      });
    }
    return { base: info(base), head: info(head), environments };
  } finally {
    await sides.dispose();
  }
}

/**
 * Helm and the chart cache, asked for once a chart Application changed. Finding Helm may mean building it (minutes on
 * a cold machine), so the log says so before, and how long it took after.
 */
export async function chartRendering(
  options: Pick<ReviewOptions, "repository" | "log">,
): Promise<InventoryOptions | undefined> {
  try {
    const config = await loadConfig(options.repository);
    options.log(
      `helm: a chart Application changed; finding Helm ${HELM.version} to render both sides, or building it with Go (first run only, about ${HELM.coldBuild}; --no-charts skips this)`,
    );
    const started = performance.now();
    const helm = await ensureHelm(options.log);
    options.log(`helm: ${HELM.version} ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${helm})`);
    return {
      helm,
      chartCache: resolve(options.repository, config.charts.cache),
      kubernetesVersion: config.validation.kubernetesVersion,
    };
  } catch (error) {
    options.log(
      `chart output is not compared: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
    return undefined;
  }
}

/** The policies over each side's environment (its folder and the shared Argo CD folder), with its profile. */
function findingDelta(rules: readonly Rule[], environment: string, base: Side, head: Side): FindingDelta {
  const findingsOf = (side: Side) => {
    const own = side.objects(environment);
    if (!own) return [];
    // Each side with the profile its own output declares: a change of profile shows as findings appearing or going.
    const profile = declaredProfile(own.map((file) => file.object as Record<string, any>));
    const objects: LoadedObject[] = [
      ...own.map((file) => ({ path: `deploy/${environment}/${file.path}`, object: file.object })),
      ...(side.objects(DELIVERY_FOLDER) ?? []).map((file) => ({
        path: `deploy/${DELIVERY_FOLDER}/${file.path}`,
        object: file.object,
      })),
    ]
      .filter((file) => !file.path.endsWith("kustomization.yaml"))
      .map((file) => ({ file: file.path, line: 2, object: file.object as Record<string, any> }));
    return runChecks(rules, { objects, files: objects.length }, profile).findings;
  };
  // The same finding on both sides: same rule, severity, object and field; its wording may mention values.
  const key = (finding: Finding) =>
    [finding.rule, finding.severity, finding.kind, finding.namespace, finding.name, finding.path].join("\u0000");
  const old = findingsOf(base);
  const now = findingsOf(head);
  const oldKeys = new Set(old.map(key));
  const nowKeys = new Set(now.map(key));
  return {
    introduced: now.filter((finding) => !oldKeys.has(key(finding))),
    fixed: old.filter((finding) => !nowKeys.has(key(finding))),
  };
}
