// The report as a pull-request comment: GitHub Markdown with Mermaid blocks and collapsible details, kept
// under GitHub's comment limit by cutting the details first, then the drawings, then long lists, each time
// saying where the full report is.
import { codeFence, htmlText, markdownCode, markdownText } from "../report/escape.ts";
import { changesMarkdown, noteMarkdown } from "./diff-output.ts";
import type { Block, ReportDocument } from "./report-document.ts";

/** GitHub refuses comments longer than this many characters. */
export const COMMENT_LIMIT = 65_536;
/** The first line of every report: the CI workflow finds its own comment by it, to update it. */
export const REPORT_MARKER = "<!-- trellis-report -->";
const LIST_CUT = 20;

export function reportMarkdown(document: ReportDocument, fullReport: string): string {
  const attempts: ((blocks: readonly Block[]) => Block[])[] = [
    (blocks) => [...blocks],
    (blocks) =>
      cut(blocks, "details", `Object details are left out to stay under GitHub's comment limit; ${fullReport}.`),
    (blocks) =>
      cut(
        cut(blocks, "details", `Object details are left out to stay under GitHub's comment limit; ${fullReport}.`),
        "mermaid",
        `Drawings are left out to stay under GitHub's comment limit; ${fullReport}.`,
      ),
  ];
  for (const attempt of attempts) {
    const text = render(document.title, attempt(document.blocks));
    if (text.length <= COMMENT_LIMIT) return text;
  }
  // Still too long: long lists keep their first items too.
  const last = attempts.at(-1) as (blocks: readonly Block[]) => Block[];
  const shortened = last(document.blocks).map((block): Block =>
    block.type === "list" && block.items.length > LIST_CUT
      ? {
          ...block,
          items: [...block.items.slice(0, LIST_CUT), `… and ${block.items.length - LIST_CUT} more (${fullReport})`],
        }
      : block,
  );
  const text = render(document.title, shortened);
  return text.length <= COMMENT_LIMIT
    ? text
    : `${text.slice(0, COMMENT_LIMIT - 200)}\n\n…cut at GitHub's comment limit; ${markdownText(fullReport)}.\n`;
}

function cut(blocks: readonly Block[], type: Block["type"], note: string): Block[] {
  const kept = blocks.filter((block) => block.type !== type);
  return kept.length === blocks.length ? kept : [...kept, { type: "note", text: note }];
}

function render(title: string, blocks: readonly Block[]): string {
  const lines = [REPORT_MARKER, `## ${markdownText(title)}`];
  for (const block of blocks) {
    lines.push("");
    switch (block.type) {
      case "heading":
        lines.push(`${"#".repeat(block.level)} ${markdownText(block.text)}`);
        break;
      case "paragraph":
        lines.push(markdownText(block.text));
        break;
      case "note":
        lines.push(`> **Note:** ${noteMarkdown(block.text)}`);
        break;
      case "list":
        lines.push(...block.items.map((item) => `- ${block.code ? markdownCode(item) : markdownText(item)}`));
        break;
      case "table":
        lines.push(
          `| ${block.header.map(markdownText).join(" | ")} |`,
          `|${block.header.map((_, index) => (index === 0 ? "---" : "---:")).join("|")}|`,
          ...block.rows.map((row) => `| ${row.map(markdownText).join(" | ")} |`),
        );
        break;
      case "mermaid": {
        // Labels are escaped for Mermaid already; the fence is longer than any backtick run, so nothing closes it early.
        const fence = codeFence(block.source);
        lines.push(`**${markdownText(block.title)}**`, "", `${fence}mermaid`, block.source.trimEnd(), fence);
        break;
      }
      case "details":
        // Raw HTML on GitHub: the summary is escaped as HTML, not Markdown.
        lines.push(
          `<details><summary>${htmlText(block.summary)}</summary>`,
          ...changesMarkdown(block.changes),
          "",
          "</details>",
        );
        break;
    }
  }
  return `${lines.join("\n")}\n`;
}
