// `trellis diff` output: per environment, the meaning of the change first, then every object change by layer
// with its fields. Text for a terminal, JSON for tools, Markdown for a pull request.
import type { ChartChange } from "./chart-changes.ts";
import type { ObjectChange } from "./environment-diff.ts";
import type { EnvironmentReview, Review } from "./review.ts";
import type { Summaries } from "./summaries.ts";
import { codeFence, markdownCode, markdownText, visible } from "../report/escape.ts";
import { compactTree, fieldTree, isMultiLine, lineDiff, type FieldNode } from "./object-diff.ts";

const SUMMARY_TITLES: Record<keyof Summaries, string> = {
  access: "access",
  scopes: "component scopes",
  topics: "topics",
  delivery: "delivery",
  tracing: "tracing",
};
const SIGN = { added: "+", removed: "-", changed: "~" } as const;

export function objectTitle(change: ObjectChange): string {
  return `${change.kind} ${change.namespace ? `${change.namespace}/` : ""}${change.name}`;
}

export function countsLine(review: EnvironmentReview): string {
  if (review.presence !== "both")
    return `environment ${review.presence}: ${review.counts.added + review.counts.removed} object(s)`;
  const { added, changed, removed } = review.counts;
  return added + changed + removed === 0 ? "no change" : `${added} added, ${changed} changed, ${removed} removed`;
}

export function chartLine(chart: ChartChange): string {
  const versions =
    chart.before === chart.after
      ? `${chart.after ?? chart.before} (values)`
      : `${chart.before ?? "(none)"} → ${chart.after ?? "(none)"}`;
  if (chart.unavailable) return `${chart.application}: ${chart.chart} ${versions}; ${chart.unavailable}`;
  const kinds = chart.kinds.map(
    (kind) =>
      `${kind.kind} ${[kind.added && `${kind.added} added`, kind.changed && `${kind.changed} changed`, kind.removed && `${kind.removed} removed`].filter(Boolean).join(", ")}`,
  );
  return `${chart.application}: ${chart.chart} ${versions}; ${kinds.length === 0 ? "rendered output unchanged" : kinds.join("; ")}`;
}

export function sidesLine(review: Review): string {
  return `${review.base.label} → ${review.head.label}`;
}

/** Notes a reader needs before the diff: a side that did not render, a side rendered by its own engine. */
export function notices(review: Review): string[] {
  const lines: string[] = [];
  for (const [name, side] of [
    ["base", review.base],
    ["head", review.head],
  ] as const) {
    if (side.failure)
      lines.push(`the ${name} side (${side.label}) does not render; its declarations say:\n${side.failure}`);
    else if (side.ownEngine)
      lines.push(`the ${name} side (${side.label}) was rendered by its own Trellis code, which differs from this one`);
  }
  return lines;
}

export function hasChanges(review: Review): boolean {
  return (
    review.base.failure !== undefined ||
    review.head.failure !== undefined ||
    review.environments.some((environment) => environment.changes.length > 0)
  );
}

export function diffText(review: Review): string {
  // A notice keeps its own lines; everything else from the input is one line, its control characters escaped.
  const lines = [
    `trellis diff: ${sidesLine(review)}`,
    ...notices(review).flatMap((notice) => `note: ${notice}`.split("\n")),
  ];
  for (const environment of review.environments) {
    lines.push("", `${environment.environment}: ${countsLine(environment)}`);
    for (const [key, title] of Object.entries(SUMMARY_TITLES) as [keyof Summaries, string][]) {
      const summary = environment.summaries[key];
      if (summary.length > 0) lines.push(`  ${title}:`, ...summary.map((line) => `    ${line}`));
    }
    if (environment.charts.length > 0)
      lines.push("  charts:", ...environment.charts.map((chart) => `    ${chartLine(chart)}`));
    let layer = "";
    for (const change of environment.changes) {
      if (change.layer !== layer) {
        layer = change.layer;
        lines.push(`  ${layer}:`);
      }
      lines.push(`    ${SIGN[change.change]} ${objectTitle(change)}`, ...fieldsText(change, "        "));
    }
  }
  return `${lines.map(visible).join("\n")}\n`;
}

/** Everything but each side's whole objects and models, which the field changes already describe. */
export function diffJson(review: Review): string {
  return `${JSON.stringify(
    {
      base: review.base,
      head: review.head,
      environments: review.environments.map(({ models: _models, changes, ...environment }) => ({
        ...environment,
        changes: changes.map(({ before: _before, after: _after, ...change }) => change),
      })),
    },
    null,
    2,
  )}\n`;
}

export function diffMarkdown(review: Review): string {
  const lines = [
    `## trellis diff: ${markdownText(sidesLine(review))}`,
    ...notices(review).map((notice) => `> **Note:** ${noteMarkdown(notice)}`),
  ];
  for (const environment of review.environments) {
    lines.push("", `### ${markdownText(`${environment.environment}: ${countsLine(environment)}`)}`);
    lines.push(...summaryMarkdown(environment));
    lines.push(...changesMarkdown(environment.changes));
  }
  return `${lines.join("\n")}\n`;
}

export function summaryMarkdown(environment: EnvironmentReview): string[] {
  const lines: string[] = [];
  for (const [key, title] of Object.entries(SUMMARY_TITLES) as [keyof Summaries, string][]) {
    const summary = environment.summaries[key];
    if (summary.length > 0) lines.push("", `**${title}**`, "", ...summary.map((line) => `- ${markdownCode(line)}`));
  }
  if (environment.charts.length > 0)
    lines.push("", "**charts**", "", ...environment.charts.map((chart) => `- ${markdownText(chartLine(chart))}`));
  return lines;
}

export function changesMarkdown(changes: readonly ObjectChange[]): string[] {
  const lines: string[] = [];
  let layer = "";
  for (const change of changes) {
    if (change.layer !== layer) {
      layer = change.layer;
      lines.push("", `**${markdownText(layer)}**`, "");
    }
    lines.push(`- ${SIGN[change.change]} ${markdownText(objectTitle(change))}`, ...fieldsMarkdown(change, "  "));
  }
  return lines;
}

/** An added object's fields as a tree with single-field branches joined; undefined when its object is not at hand. */
export function addedTree(change: ObjectChange): FieldNode[] | undefined {
  return change.change === "added" && change.after ? compactTree(fieldTree(change.after, change.kind)) : undefined;
}

/** A multi-line value's lines, without the final line break YAML's `|` keeps. */
export function valueLines(value: string): string[] {
  return value.replace(/\n$/, "").split("\n");
}

/**
 * A change's fields for a terminal, each line starting with `indent`: `path: old → new`, a multi-line value
 * line by line (`-` before, `+` after), an added object's fields nested.
 */
function fieldsText(change: ObjectChange, indent: string): string[] {
  const tree = addedTree(change);
  if (tree) return treeText(tree, indent);
  return change.fields.flatMap((field) =>
    isMultiLine(field.before) || isMultiLine(field.after)
      ? [
          `${indent}${field.path}:`,
          ...lineDiff(field.before, field.after).map((line) =>
            line.text === "" ? `${indent}  ${line.sign}`.trimEnd() : `${indent}  ${line.sign} ${line.text}`,
          ),
        ]
      : [`${indent}${field.path}: ${field.before ?? "(absent)"} → ${field.after ?? "(absent)"}`],
  );
}

function treeText(nodes: readonly FieldNode[], indent: string): string[] {
  return nodes.flatMap((node) =>
    node.value === undefined
      ? [`${indent}${node.label}:`, ...treeText(node.children, `${indent}  `)]
      : isMultiLine(node.value)
        ? [
            `${indent}${node.label}: |`,
            ...valueLines(node.value).map((line) => (line === "" ? "" : `${indent}  ${line}`)),
          ]
        : [`${indent}${node.label}: ${node.value}`],
  );
}

/** The same as nested Markdown list items at `indent`; multi-line values as code blocks (`diff` for a change). */
function fieldsMarkdown(change: ObjectChange, indent: string): string[] {
  const tree = addedTree(change);
  if (tree) return treeMarkdown(tree, indent);
  return change.fields.flatMap((field) =>
    isMultiLine(field.before) || isMultiLine(field.after)
      ? [
          `${indent}- ${markdownCode(field.path)}:`,
          ...codeBlock(
            lineDiff(field.before, field.after).map((line) => `${line.sign} ${line.text}`),
            "diff",
            `${indent}  `,
          ),
        ]
      : [
          `${indent}- ${markdownCode(field.path)}: ${markdownCode(field.before ?? "(absent)")} → ${markdownCode(field.after ?? "(absent)")}`,
        ],
  );
}

function treeMarkdown(nodes: readonly FieldNode[], indent: string): string[] {
  return nodes.flatMap((node) =>
    node.value === undefined
      ? [`${indent}- ${markdownCode(node.label)}:`, ...treeMarkdown(node.children, `${indent}  `)]
      : isMultiLine(node.value)
        ? [`${indent}- ${markdownCode(node.label)}:`, ...codeBlock(valueLines(node.value), "", `${indent}  `)]
        : [`${indent}- ${markdownCode(node.label)}: ${markdownCode(node.value)}`],
  );
}

/** A fenced code block at `indent` that no line of it can close; control characters shown escaped. */
function codeBlock(lines: readonly string[], info: string, indent: string): string[] {
  const shown = lines.map(visible);
  const fence = codeFence(shown.join("\n"));
  return [
    `${indent}${fence}${info}`,
    ...shown.map((line) => (line === "" ? "" : `${indent}${line}`)),
    `${indent}${fence}`,
  ];
}

/** A multi-line note as a Markdown quote: each line escaped, the quote carried onto every line. */
export function noteMarkdown(text: string): string {
  return text.split("\n").map(markdownText).join("\n> ");
}
