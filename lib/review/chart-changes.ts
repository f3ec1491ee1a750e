// What a chart Application's change (its version or its values) changes inside the cluster: both sides'
// charts rendered with Helm as Argo CD renders them, compared object by object, summarised per kind.
import { ChartUnavailable } from "../inventory/chart-cache.ts";
import { renderChartApplication, type InventoryOptions } from "../inventory/inventory.ts";
import { ToolUnavailable } from "../tools/go-tool.ts";
import { compareCodePoints } from "../sort.ts";
import { identityKey, identityOf, type EnvironmentDiff } from "./environment-diff.ts";
import { deepEqual } from "./object-diff.ts";

export interface KindCount {
  readonly kind: string;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

export interface ChartChange {
  readonly application: string;
  readonly chart: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
  /** Changed objects of the chart's output per kind; empty when the output is the same. */
  readonly kinds: readonly KindCount[];
  /** Why the output was not compared (a chart version not in the cache and no network, no Helm). */
  readonly unavailable: string | undefined;
}

/**
 * `rendering` gives Helm and the chart cache, asked for only when a chart Application changed; it gives
 * undefined (or is undefined) when chart output is not to be compared, and then only versions are reported.
 */
export async function chartChanges(
  diff: EnvironmentDiff,
  rendering: (() => Promise<InventoryOptions | undefined>) | undefined,
): Promise<ChartChange[]> {
  const changes: ChartChange[] = [];
  for (const change of diff.changes) {
    if (change.group !== "argoproj.io" || change.kind !== "Application") continue;
    const chartOf = (object: Record<string, any> | undefined) => (object?.spec?.source?.chart ? object : undefined);
    const before = chartOf(change.before);
    const after = chartOf(change.after);
    if (!before && !after) continue;
    if (
      before &&
      after &&
      !change.fields.some((field) => field.path.startsWith("spec.source") || field.path.startsWith("spec.destination"))
    )
      continue;
    const base = {
      application: change.name,
      chart: String((after ?? before)?.spec.source.chart),
      before: before?.spec.source.targetRevision as string | undefined,
      after: after?.spec.source.targetRevision as string | undefined,
    };
    const options = await rendering?.();
    if (!options) {
      changes.push({ ...base, kinds: [], unavailable: "chart output not compared" });
      continue;
    }
    try {
      const render = async (application: Record<string, any> | undefined) =>
        new Map(
          (application ? await renderChartApplication(application, options) : []).map(({ object }) => [
            identityKey(identityOf(object)),
            object,
          ]),
        );
      const [old, now] = await Promise.all([render(before), render(after)]);
      const counts = new Map<string, { added: number; changed: number; removed: number }>();
      for (const key of new Set([...old.keys(), ...now.keys()])) {
        const a = old.get(key);
        const b = now.get(key);
        if (a && b && deepEqual(a, b)) continue;
        const kind = String((b ?? a)?.kind);
        const count = counts.get(kind) ?? { added: 0, changed: 0, removed: 0 };
        count[a && b ? "changed" : a ? "removed" : "added"] += 1;
        counts.set(kind, count);
      }
      changes.push({
        ...base,
        kinds: [...counts.entries()]
          .map(([kind, count]) => ({ kind, ...count }))
          .sort((a, b) => compareCodePoints(a.kind, b.kind)),
        unavailable: undefined,
      });
    } catch (error) {
      if (!(error instanceof ChartUnavailable || error instanceof ToolUnavailable)) throw error;
      changes.push({ ...base, kinds: [], unavailable: `chart output not compared: ${error.message}` });
    }
  }
  return changes;
}
