// The PR report as a document of blocks, written once and rendered twice: Markdown for a pull-request comment,
// HTML for a self-contained page. Sections come in the order a reviewer reads: the summary table, what the
// change means, the findings it introduces and fixes, a drawing per environment, then every object's details.
import { chartLine, countsLine, notices, sidesLine } from "./diff-output.ts";
import type { ObjectChange } from "./environment-diff.ts";
import { edgeMarkKey, environmentGraph, mergedGraph, nodeId, toMermaid, type Graph, type Mark } from "./graph.ts";
import type { EnvironmentReview, Review } from "./review.ts";
import type { Summaries } from "./summaries.ts";
import type { Finding } from "../policies/rule.ts";

export type Block =
  | { readonly type: "heading"; readonly level: 2 | 3; readonly text: string }
  | { readonly type: "paragraph"; readonly text: string }
  | { readonly type: "note"; readonly text: string }
  | { readonly type: "list"; readonly items: readonly string[]; readonly code: boolean }
  | { readonly type: "table"; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly type: "mermaid"; readonly title: string; readonly source: string }
  /** Collapsible: an environment's object changes. */
  | { readonly type: "details"; readonly summary: string; readonly changes: readonly ObjectChange[] };

export interface ReportDocument {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** Above this many nodes a drawing keeps the marked nodes and their neighbours only. */
const MAX_DRAWN_NODES = 60;
const SUMMARY_TITLES: Record<keyof Summaries, string> = {
  access: "Access",
  scopes: "Component scopes",
  topics: "Topics",
  delivery: "Delivery",
  tracing: "Tracing",
};

export function reportDocument(review: Review): ReportDocument {
  const blocks: Block[] = [
    { type: "paragraph", text: sidesLine(review) },
    ...notices(review).map((text) => ({ type: "note" as const, text })),
  ];
  const environments = review.environments;
  blocks.push({
    type: "table",
    header: ["environment", "added", "changed", "removed", "findings introduced", "findings fixed"],
    rows: environments.map((environment) => [
      environment.environment,
      String(environment.counts.added),
      String(environment.counts.changed),
      String(environment.counts.removed),
      environment.findings ? String(environment.findings.introduced.length) : "–",
      environment.findings ? String(environment.findings.fixed.length) : "–",
    ]),
  });
  const changed = environments.filter(
    (environment) => environment.changes.length > 0 || environment.presence !== "both",
  );
  if (changed.length === 0 && review.base.failure === undefined && review.head.failure === undefined)
    blocks.push({ type: "paragraph", text: "No rendered object changes in any environment." });

  blocks.push({ type: "heading", level: 3, text: "What the change means" });
  for (const environment of changed) {
    const lines = (Object.keys(SUMMARY_TITLES) as (keyof Summaries)[]).flatMap((key) =>
      environment.summaries[key].map((line) => `${SUMMARY_TITLES[key]}: ${line}`),
    );
    const charts = environment.charts.map((chart) => `Chart: ${chartLine(chart)}`);
    blocks.push({ type: "paragraph", text: `${environment.environment}: ${countsLine(environment)}` });
    if (lines.length + charts.length > 0) blocks.push({ type: "list", items: [...lines, ...charts], code: true });
  }

  blocks.push({ type: "heading", level: 3, text: "Policy findings" });
  const findingLine = (finding: Finding) =>
    `${finding.severity} ${finding.rule}: ${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ""}${finding.name}${finding.path ? ` ${finding.path}` : ""}: ${finding.message}${finding.suppression ? ` (accepted: ${finding.suppression.justification})` : ""}`;
  let anyFinding = false;
  for (const environment of environments) {
    if (!environment.findings) continue;
    const { introduced, fixed } = environment.findings;
    if (introduced.length + fixed.length === 0) continue;
    anyFinding = true;
    if (introduced.length > 0)
      blocks.push(
        { type: "paragraph", text: `${environment.environment}: introduced` },
        { type: "list", items: introduced.map(findingLine), code: false },
      );
    if (fixed.length > 0)
      blocks.push(
        { type: "paragraph", text: `${environment.environment}: fixed` },
        { type: "list", items: fixed.map(findingLine), code: false },
      );
  }
  if (!anyFinding) blocks.push({ type: "paragraph", text: "The change introduces and fixes no policy finding." });

  const drawings = changed.filter((environment) => environment.models.before || environment.models.after);
  if (drawings.length > 0) {
    blocks.push({ type: "heading", level: 3, text: "Topology" });
    blocks.push({ type: "paragraph", text: "Green: added; red, dashed: removed; amber: changed." });
    for (const environment of drawings) {
      const { graph, marks, note } = drawing(environment);
      blocks.push({ type: "mermaid", title: `${environment.environment}${note}`, source: toMermaid(graph, marks) });
    }
  }

  const detailed = changed.filter((environment) => environment.changes.length > 0);
  if (detailed.length > 0) blocks.push({ type: "heading", level: 3, text: "Object changes" });
  for (const environment of detailed) {
    blocks.push({
      type: "details",
      summary: `${environment.environment}: ${countsLine(environment)}`,
      changes: environment.changes,
    });
  }
  return { title: "Trellis: what this change does to each environment", blocks };
}

/** Both sides' topology in one drawing, marked; a large one keeps the marked nodes and their neighbours. */
function drawing(environment: EnvironmentReview): { graph: Graph; marks: Map<string, Mark>; note: string } {
  const before = environment.models.before ? environmentGraph(environment.models.before) : undefined;
  const after = environment.models.after ? environmentGraph(environment.models.after) : undefined;
  const appNamespaces = new Map(
    [...(environment.models.after?.apps ?? []), ...(environment.models.before?.apps ?? [])].map((app) => [
      app.id,
      app.namespace,
    ]),
  );
  const changedNodes = new Set<string>();
  for (const change of environment.changes) {
    if (change.kind === "Component") changedNodes.add(nodeId.component(change.namespace, change.name));
    const app = [change.name, change.name.replace(/-config$/, "")].find(
      (name) => appNamespaces.get(name) === change.namespace,
    );
    if (app) changedNodes.add(nodeId.app(change.namespace, app));
  }
  const { graph, marks } = mergedGraph(before, after, changedNodes);
  if (graph.nodes.length <= MAX_DRAWN_NODES) return { graph, marks, note: "" };
  const marked = new Set(graph.nodes.filter((node) => marks.has(node.id)).map((node) => node.id));
  for (const edge of graph.edges)
    if (marks.has(edgeMarkKey(edge))) [edge.from, edge.to].forEach((id) => marked.add(id));
  const kept = new Set(marked);
  for (const edge of graph.edges) {
    if (edge.kind === "traces") continue;
    if (marked.has(edge.from)) kept.add(edge.to);
    if (marked.has(edge.to)) kept.add(edge.from);
  }
  const nodes = graph.nodes.filter((node) => kept.has(node.id)).slice(0, MAX_DRAWN_NODES);
  const ids = new Set(nodes.map((node) => node.id));
  return {
    graph: { ...graph, nodes, edges: graph.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)) },
    marks,
    note: ` (the ${nodes.length} changed nodes and their neighbours of ${graph.nodes.length})`,
  };
}
