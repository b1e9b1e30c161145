// A deliberately tiny Markdown renderer for the sections of knowledge-base entries.
//
// It knows exactly what the editor's guide allows: paragraphs, "- " (or "* ") bullet lists, "1. " numbered lists,
// **bold** and [text](url) links, plus "### " sub-headings as a courtesy. Every piece of source text is HTML-escaped
// before it is placed in the output and the only tags emitted are the fixed ones below, so the result is safe for
// `{@html}` whatever an editor (or a broken file) puts into an article. Links are shown as text with the address in
// parentheses, never as clickable anchors: the desk opens nothing outside the window.

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

export type Block =
  | { type: "p"; lines: string[] }
  | { type: "ul"; items: string[] }
  | { type: "ol"; items: string[]; start: number }
  | { type: "h"; text: string };

const BULLET = /^ {0,6}[-*+]\s+(.*)$/;
const NUMBERED = /^ {0,6}(\d{1,9})[.)]\s+(.*)$/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const CONTINUATION = /^\s{2,}\S/;
const LINK = /^\[([^\]\n]+)\]\(([^()\s]+)\)/;

/** Splits the source into blocks. Pure and total: any string gives a block list. */
export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const flush = (block: Block | null) => {
    if (block) blocks.push(block);
  };

  for (const line of source.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      flush(current);
      current = null;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush(current);
      current = null;
      blocks.push({ type: "h", text: heading[1] ?? "" });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      if (current?.type !== "ul") {
        flush(current);
        current = { type: "ul", items: [] };
      }
      current.items.push(bullet[1] ?? "");
      continue;
    }
    const numbered = NUMBERED.exec(line);
    if (numbered) {
      if (current?.type !== "ol") {
        flush(current);
        current = { type: "ol", items: [], start: Number(numbered[1]) };
      }
      current.items.push(numbered[2] ?? "");
      continue;
    }
    // An indented line under a list item continues that item; an unindented one starts a paragraph.
    if ((current?.type === "ul" || current?.type === "ol") && CONTINUATION.test(line)) {
      const last = current.items.length - 1;
      current.items[last] = `${current.items[last] ?? ""} ${line.trim()}`;
      continue;
    }
    if (current?.type !== "p") {
      flush(current);
      current = { type: "p", lines: [] };
    }
    current.lines.push(line.trim());
  }
  flush(current);
  return blocks;
}

/** Renders Markdown to HTML built only from escaped text and a fixed set of tags. */
export function renderMarkdown(source: string): string {
  return parseBlocks(source)
    .map((block) => {
      switch (block.type) {
        case "h":
          return `<h4>${renderInline(block.text)}</h4>`;
        case "p":
          return `<p>${renderInline(block.lines.join(" "))}</p>`;
        case "ul":
          return `<ul>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join("")}</ul>`;
        case "ol": {
          const start = block.start === 1 ? "" : ` start="${block.start}"`;
          return `<ol${start}>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join("")}</ol>`;
        }
      }
    })
    .join("\n");
}

/** Inline constructs: **bold** and [text](url). Everything else is literal, escaped text. */
export function renderInline(text: string): string {
  let out = "";
  let plainStart = 0;
  let i = 0;
  const flushPlain = (end: number) => {
    out += escapeHtml(text.slice(plainStart, end));
  };

  while (i < text.length) {
    if (text.startsWith("**", i)) {
      const closeAt = text.indexOf("**", i + 2);
      if (closeAt > i + 2) {
        flushPlain(i);
        out += `<strong>${renderInline(text.slice(i + 2, closeAt))}</strong>`;
        i = closeAt + 2;
        plainStart = i;
        continue;
      }
    }
    if (text[i] === "[") {
      const link = LINK.exec(text.slice(i));
      if (link) {
        flushPlain(i);
        const label = link[1] ?? "";
        const url = link[2] ?? "";
        const shownLabel = `<span class="md-link">${renderInline(label)}</span>`;
        out += label === url ? shownLabel : `${shownLabel} <span class="md-url">(${escapeHtml(url)})</span>`;
        i += link[0].length;
        plainStart = i;
        continue;
      }
    }
    i += 1;
  }
  flushPlain(text.length);
  return out;
}
