// The report as one self-contained HTML page: the same document as the Markdown comment, with its drawings
// rendered in the page by Mermaid, bundled into the file from the pinned `@mermaid-js/tiny` package (no network).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { htmlText as escape } from "../report/escape.ts";
import { addedTree, objectTitle, valueLines } from "./diff-output.ts";
import type { ObjectChange } from "./environment-diff.ts";
import { isMultiLine, lineDiff, type FieldChange, type FieldNode } from "./object-diff.ts";
import type { Block, ReportDocument } from "./report-document.ts";

const SIGN = { added: "+", removed: "−", changed: "~" } as const;

export async function reportHtml(document: ReportDocument): Promise<string> {
  const mermaid = await readFile(createRequire(import.meta.url).resolve("@mermaid-js/tiny"), "utf8");
  const body = document.blocks.map(blockHtml).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.title)}</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1f2328; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: .25rem .75rem; } td:not(:first-child) { text-align: right; }
code, .code li { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.note { border-left: 4px solid #9a6700; padding: .25rem .75rem; background: #fff8c5; white-space: pre-wrap; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { font-weight: 600; }
.mermaid-error { color: #cf222e; white-space: pre-wrap; }
.added { color: #1a7f37; } .removed { color: #cf222e; } .changed { color: #9a6700; }
.added li, .changed li { color: #1f2328; }
pre.value { margin: .25rem 0; padding: .25rem .5rem; background: #f6f8fa; overflow-x: auto; }
pre.value .plus { color: #1a7f37; } pre.value .minus { color: #cf222e; }
</style>
</head>
<body>
<h1>${escape(document.title)}</h1>
${body}
<script>${mermaid.replaceAll("</script", "<\\/script")}</script>
<script>
(async () => {
  const state = { rendered: 0, errors: [] };
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", maxTextSize: 10000000, maxEdges: 100000, flowchart: { htmlLabels: false } });
  for (const figure of document.querySelectorAll("figure.drawing")) {
    const source = figure.querySelector("pre.mermaid-source").textContent;
    try {
      const { svg } = await mermaid.render("drawing" + state.rendered + state.errors.length, source);
      figure.querySelector(".mermaid-target").innerHTML = svg;
      state.rendered += 1;
    } catch (error) {
      state.errors.push({ title: figure.querySelector("figcaption").textContent, message: String(error && error.message || error) });
      figure.querySelector(".mermaid-target").innerHTML = "";
      const shown = document.createElement("p");
      shown.className = "mermaid-error";
      shown.textContent = "This drawing cannot be rendered: " + String(error && error.message || error);
      figure.appendChild(shown);
    }
  }
  window.trellisDrawings = state;
})();
</script>
</body>
</html>
`;
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case "heading":
      return `<h${block.level}>${escape(block.text)}</h${block.level}>`;
    case "paragraph":
      return `<p>${escape(block.text)}</p>`;
    case "note":
      return `<p class="note"><strong>Note:</strong> ${escape(block.text)}</p>`;
    case "list":
      return `<ul${block.code ? ' class="code"' : ""}>${block.items.map((item) => `<li>${escape(item)}</li>`).join("")}</ul>`;
    case "table":
      return `<table><thead><tr>${block.header.map((cell) => `<th>${escape(cell)}</th>`).join("")}</tr></thead><tbody>${block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
    case "mermaid":
      return `<figure class="drawing"><figcaption>${escape(block.title)}</figcaption><div class="mermaid-target"></div><pre class="mermaid-source" hidden>${escape(block.source)}</pre></figure>`;
    case "details":
      return `<details><summary>${escape(block.summary)}</summary>${changesHtml(block.changes)}</details>`;
  }
}

function changesHtml(changes: readonly ObjectChange[]): string {
  const parts: string[] = [];
  let layer = "";
  for (const change of changes) {
    if (change.layer !== layer) {
      if (layer !== "") parts.push("</ul>");
      layer = change.layer;
      parts.push(`<h4>${escape(layer)}</h4><ul>`);
    }
    const tree = addedTree(change);
    const fields = tree ? tree.map(nodeHtml) : change.fields.map(fieldHtml);
    parts.push(
      `<li class="${change.change}">${SIGN[change.change]} ${escape(objectTitle(change))}${fields.length > 0 ? `<ul>${fields.join("")}</ul>` : ""}</li>`,
    );
  }
  if (layer !== "") parts.push("</ul>");
  return parts.join("");
}

/** `path: old → new`; a multi-line value line by line. */
function fieldHtml(field: FieldChange): string {
  if (isMultiLine(field.before) || isMultiLine(field.after)) {
    const lines = lineDiff(field.before, field.after).map((line) => {
      const text = escape(`${line.sign} ${line.text}`);
      return line.sign === "+"
        ? `<span class="plus">${text}</span>`
        : line.sign === "-"
          ? `<span class="minus">${text}</span>`
          : text;
    });
    return `<li><code>${escape(field.path)}</code>:<pre class="value">${lines.join("\n")}</pre></li>`;
  }
  return `<li><code>${escape(field.path)}</code>: <code>${escape(field.before ?? "(absent)")}</code> → <code>${escape(field.after ?? "(absent)")}</code></li>`;
}

/** An added object's field: a branch as a nested list, a multi-line value as a block. */
function nodeHtml(node: FieldNode): string {
  if (node.value === undefined)
    return `<li><code>${escape(node.label)}</code>:<ul>${node.children.map(nodeHtml).join("")}</ul></li>`;
  if (isMultiLine(node.value))
    return `<li><code>${escape(node.label)}</code>:<pre class="value">${escape(valueLines(node.value).join("\n"))}</pre></li>`;
  return `<li><code>${escape(node.label)}</code>: <code>${escape(node.value)}</code></li>`;
}
