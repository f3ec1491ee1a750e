// Text from the input (names, paths, values, messages that quote them) made safe for the medium that shows it:
// a terminal, Markdown, HTML or a Mermaid label. What cannot be shown as itself is shown escaped, never raw.

/**
 * Control characters (C0, DEL, C1: an ANSI escape starts with \x1b), line and paragraph separators and the
 * bidirectional overrides that reorder what a reader sees ("Trojan source") as `\xNN` or `\u{NNNN}`; a newline and a
 * tab as `\n` and `\t`. Everything else is kept.
 */
export function visible(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g,
    (char) => {
      if (char === "\n") return "\\n";
      if (char === "\t") return "\\t";
      const code = char.codePointAt(0) ?? 0;
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
    },
  );
}

/**
 * Plain Markdown text inside a line: every character with a meaning there in GitHub's Markdown is backslash-escaped,
 * so no link, image, emphasis, HTML tag, entity, table cell, issue reference, mention or math can come from the
 * text. (Characters that mean something only at the start of a line need nothing: the text never starts one.)
 */
export function markdownText(text: string): string {
  return visible(text).replace(/[\\`*_[\]<>#!|~&@$]/g, "\\$&");
}

/**
 * A Markdown code span holding the text as it is: fenced with more backticks than any run inside it, so nothing in
 * it closes the span. In a table cell (`table`), `|` is escaped, which GitHub needs there even in code; elsewhere
 * the backslash would show.
 */
export function markdownCode(text: string, table = false): string {
  const shown = table ? visible(text).replaceAll("|", "\\|") : visible(text);
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = shown.startsWith("`") || shown.endsWith("`") || shown === "" ? " " : "";
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** A fence for a Markdown code block that no line of `body` can close. */
export function codeFence(body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((run) => run[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** HTML text or attribute value; its line breaks are kept (a drawing's source and a note are several lines). */
export function htmlText(text: string): string {
  return text
    .split("\n")
    .map(visible)
    .join("\n")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Text inside a Mermaid label's quotes: Mermaid's own entity codes for what ends a label, a line or a code block. */
export function mermaidText(text: string): string {
  return visible(text)
    .replaceAll("#", "#35;")
    .replaceAll('"', "#quot;")
    .replaceAll("|", "#124;")
    .replaceAll("<", "#lt;")
    .replaceAll(">", "#gt;")
    .replaceAll("`", "#96;");
}
