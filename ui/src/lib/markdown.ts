// The Markdown of knowledge-base sections, parsed into a small typed tree that Markdown.svelte renders with Svelte's
// own elements. Nothing here produces HTML: source text only ever becomes text nodes, so no article (or broken file)
// can put markup, scripts or event handlers into the window.
//
// The subset is what the editor's guide and the articles use: paragraphs, "- "/"* "/"+ " bullet and "1. "/"1) "
// numbered lists (nested by indentation), sub-headings ("### …"), **bold**, *italic* (also with "_"), [text](url)
// links, hard line breaks (two trailing spaces or a trailing "\") and backslash escapes. Everything else is text.
//
// Every step is linear in the input: lines are classified by index scans, never by a regular expression that could
// backtrack (the former heading pattern took 24 s on "# a" + 4,000 spaces + "b"), and the inline parser matches
// brackets and emphasis with stacks in which every token is pushed and popped at most once. Nesting is capped so
// that rendering recursion stays shallow whatever the input. `Meter` counts the work so tests can assert linearity
// without timing anything.

export type Inline =
  | { type: "text"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "em"; children: Inline[] }
  /** `href` is set only for an address the window may open (http, https, mailto, tel); otherwise the link is shown
   *  as text. `showDest`: the address is shown after the label, unless the label already is the address. */
  | { type: "link"; href: string | null; dest: string; showDest: boolean; children: Inline[] }
  | { type: "br" };

export type ListItem = { inlines: Inline[]; lists: ListBlock[] };

export type ListBlock = { type: "ul"; items: ListItem[] } | { type: "ol"; start: number; items: ListItem[] };

export type Block =
  | { type: "heading"; level: number; inlines: Inline[] }
  | { type: "paragraph"; inlines: Inline[] }
  | ListBlock;

/** Counts parser steps (characters scanned, tokens handled); tests compare it with the input length. */
export class Meter {
  steps = 0;
  tick(n = 1): void {
    this.steps += n;
  }
}

/** Deeper lists are continued at this depth: bounded nesting keeps rendering shallow. */
export const MAX_LIST_DEPTH = 6;
/** Emphasis and links nested deeper than this are shown as their literal characters. */
export const MAX_INLINE_DEPTH = 8;

// ---------------------------------------------------------------------------------------------------------------
// Links

/** The address a link may open, or null when it must stay text. Only web pages, e-mail and telephone: `javascript:`,
 *  `data:`, `file:`, relative paths and anything unparsable are never clickable. */
export function safeHref(dest: string): string | null {
  const lower = dest.slice(0, 8).toLowerCase();
  if (lower.startsWith("http://") || lower.startsWith("https://")) {
    try {
      const url = new URL(dest);
      // The parsed form, so what the element carries is exactly what was checked.
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? url.href : null;
    } catch {
      return null;
    }
  }
  if (lower.startsWith("mailto:")) return dest.length > 7 ? dest : null;
  if (lower.startsWith("tel:")) return /^tel:\+?[0-9][0-9()./-]*$/i.test(dest) ? dest : null;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks

type DraftItem = { raw: string; hardBreak: boolean; lists: DraftList[] };
type DraftList = { ordered: boolean; start: number; items: DraftItem[] };
type DraftBlock =
  | { type: "heading"; level: number; raw: string }
  | { type: "paragraph"; raw: string; hardBreak: boolean }
  | { type: "list"; list: DraftList };

/** One open list level: the list, where its markers stand and where its items' text begins. */
type OpenList = { list: DraftList; markerIndent: number; contentIndent: number };

type Marker = { ordered: boolean; start: number; contentStart: number; contentIndent: number };

function isBlankChar(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

/** A list marker at `at` ("- ", "* ", "+ ", "12. ", "3) "), or null. */
function listMarker(line: string, at: number, indent: number): Marker | null {
  const c = line[at];
  let end: number;
  let ordered = false;
  let start = 1;
  if (c === "-" || c === "*" || c === "+") {
    end = at + 1;
  } else {
    let j = at;
    while (j < line.length && j - at < 9 && line[j]! >= "0" && line[j]! <= "9") j += 1;
    if (j === at || (line[j] !== "." && line[j] !== ")")) return null;
    ordered = true;
    start = Number(line.slice(at, j));
    end = j + 1;
  }
  if (!isBlankChar(line[end])) return null;
  let content = end;
  while (isBlankChar(line[content])) content += 1;
  // More than four spaces after the marker are part of the text, as in CommonMark.
  const gap = content - end > 4 ? 1 : content - end;
  return { ordered, start, contentStart: content, contentIndent: indent + (end - at) + gap };
}

/** A heading "### Text ##" (up to three spaces before it), as level and text, or null. */
function heading(line: string, at: number, indent: number): { level: number; text: string } | null {
  if (indent > 3 || line[at] !== "#") return null;
  let j = at;
  while (line[j] === "#") j += 1;
  const level = j - at;
  if (level > 6 || (j < line.length && !isBlankChar(line[j]))) return null;
  let end = line.length;
  while (end > j && isBlankChar(line[end - 1])) end -= 1;
  // An optional closing sequence of '#' counts only after a blank ("# C#" keeps its '#').
  let close = end;
  while (close > j && line[close - 1] === "#") close -= 1;
  if (close === j || isBlankChar(line[close - 1])) end = close;
  let begin = j;
  while (begin < end && isBlankChar(line[begin])) begin += 1;
  while (end > begin && isBlankChar(line[end - 1])) end -= 1;
  return { level, text: line.slice(begin, end) };
}

/** The text of a line without surrounding blanks, and whether it asks for a hard break after it. */
function lineText(line: string, from: number): { text: string; hardBreak: boolean } {
  let end = line.length;
  while (end > from && isBlankChar(line[end - 1])) end -= 1;
  let hardBreak = line.length - end >= 2;
  // A trailing backslash breaks the line too, unless it is itself escaped.
  let slashes = 0;
  while (end - slashes > from && line[end - 1 - slashes] === "\\") slashes += 1;
  if (slashes % 2 === 1) {
    hardBreak = true;
    end -= 1;
  }
  let begin = from;
  while (begin < end && isBlankChar(line[begin])) begin += 1;
  return { text: line.slice(begin, end), hardBreak };
}

/** Joins a line to what came before: "\n" marks a hard break for the inline parser, a space a soft one. */
function join(before: string, hardBreak: boolean, text: string): string {
  if (text === "") return before;
  if (before === "") return text;
  return before + (hardBreak ? "\n" : " ") + text;
}

/** Parses section Markdown. Pure and total: any string gives a block list, in time linear in its length. */
export function parseMarkdown(source: string, meter: Meter = new Meter()): Block[] {
  const drafts: DraftBlock[] = [];
  let paragraph: Extract<DraftBlock, { type: "paragraph" }> | null = null;
  let open: OpenList[] = [];

  const closeAll = () => {
    paragraph = null;
    open = [];
  };
  const newList = (marker: Marker, indent: number): OpenList => ({
    list: { ordered: marker.ordered, start: marker.start, items: [] },
    markerIndent: indent,
    contentIndent: marker.contentIndent,
  });
  const addItem = (level: OpenList, marker: Marker, text: { text: string; hardBreak: boolean }) => {
    level.list.items.push({ raw: text.text, hardBreak: text.hardBreak, lists: [] });
    level.contentIndent = marker.contentIndent;
  };
  const lastItem = (level: OpenList): DraftItem | undefined => level.list.items[level.list.items.length - 1];

  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    let line = source.slice(lineStart, lineEnd);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    lineStart = lineEnd + 1;
    // Each helper below scans the line a bounded number of times.
    meter.tick(line.length + 1);

    let at = 0;
    let indent = 0;
    while (isBlankChar(line[at])) {
      indent += line[at] === "\t" ? 4 - (indent % 4) : 1;
      at += 1;
    }
    if (at === line.length) {
      // A blank line ends paragraphs and lists.
      closeAll();
      continue;
    }

    const head = heading(line, at, indent);
    if (head) {
      closeAll();
      drafts.push({ type: "heading", level: head.level, raw: head.text });
      continue;
    }

    const marker = listMarker(line, at, indent);
    if (marker) {
      paragraph = null;
      const text = lineText(line, marker.contentStart);
      let top = open[open.length - 1];
      if (!top) {
        top = newList(marker, indent);
        open.push(top);
        drafts.push({ type: "list", list: top.list });
        addItem(top, marker, text);
        continue;
      }
      const parentItem = lastItem(top);
      if (indent >= top.contentIndent && open.length < MAX_LIST_DEPTH && parentItem) {
        const sub = newList(marker, indent);
        parentItem.lists.push(sub.list);
        open.push(sub);
        addItem(sub, marker, text);
        continue;
      }
      while (open.length > 1 && indent < top.markerIndent) {
        open.pop();
        top = open[open.length - 1]!;
        meter.tick();
      }
      if (top.list.ordered === marker.ordered) {
        addItem(top, marker, text);
        continue;
      }
      // The other kind of list: a new list at the same level.
      const replacement = newList(marker, top.markerIndent);
      open.pop();
      const parent = open[open.length - 1];
      const owner = parent ? lastItem(parent) : undefined;
      if (owner) owner.lists.push(replacement.list);
      else drafts.push({ type: "list", list: replacement.list });
      open.push(replacement);
      addItem(replacement, marker, text);
      continue;
    }

    const text = lineText(line, at);
    const top = open[open.length - 1];
    const item = top ? lastItem(top) : undefined;
    if (item && indent >= 2) {
      // An indented line under a list item continues that item.
      item.raw = join(item.raw, item.hardBreak, text.text);
      item.hardBreak = text.hardBreak;
      continue;
    }
    // An unindented line after a list starts a paragraph (the guide's "Text:" line followed by a list, and back).
    open = [];
    if (paragraph) {
      paragraph.raw = join(paragraph.raw, paragraph.hardBreak, text.text);
      paragraph.hardBreak = text.hardBreak;
    } else {
      paragraph = { type: "paragraph", raw: text.text, hardBreak: text.hardBreak };
      drafts.push(paragraph);
    }
  }

  const finishList = (list: DraftList): ListBlock => {
    const items = list.items.map((item) => ({
      inlines: parseInline(item.raw, meter),
      lists: item.lists.map(finishList),
    }));
    return list.ordered ? { type: "ol", start: list.start, items } : { type: "ul", items };
  };
  return drafts.map((draft): Block => {
    switch (draft.type) {
      case "heading":
        return { type: "heading", level: draft.level, inlines: parseInline(draft.raw, meter) };
      case "paragraph":
        return { type: "paragraph", inlines: parseInline(draft.raw, meter) };
      case "list":
        return finishList(draft.list);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Inlines

type Token =
  | { k: "text"; s: string }
  | { k: "br" }
  /** A run of one or two '*' or '_'. `match`: the index of its partner once paired, else -1. */
  | { k: "delim"; s: string; strong: boolean; canOpen: boolean; canClose: boolean; match: number }
  /** '['; `at`: where the label begins. */
  | { k: "open"; at: number; match: number }
  /** ']', with the address when "(address)" follows; `s` is the literal text if it ends up no link. */
  | { k: "close"; at: number; dest: string | null; s: string; match: number };

const ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const SPECIAL = new Set(["\\", "\n", "*", "_", "[", "]"]);

function isSpace(c: string | undefined): boolean {
  return c === undefined || c === " " || c === "\t" || c === "\n" || c === "\u00a0";
}

const PUNCT = /^[\p{P}\p{S}]$/u;
function isPunct(c: string | undefined): boolean {
  return c !== undefined && PUNCT.test(c);
}

/** For every position, the first index at or after it holding '(', ')', a blank or the end: one backward pass, so
 *  finding the end of a link address never rescans the text. */
function addressStops(s: string, meter: Meter): Int32Array {
  const stops = new Int32Array(s.length + 1);
  stops[s.length] = s.length;
  for (let i = s.length - 1; i >= 0; i -= 1) {
    const c = s[i];
    stops[i] = c === "(" || c === ")" || c === " " || c === "\t" || c === "\n" ? i : stops[i + 1]!;
  }
  meter.tick(s.length);
  return stops;
}

function tokenize(s: string, meter: Meter): Token[] {
  const tokens: Token[] = [];
  let stops: Int32Array | null = null;
  let i = 0;
  while (i < s.length) {
    meter.tick();
    const c = s[i]!;
    if (c === "\\" && i + 1 < s.length && ESCAPABLE.includes(s[i + 1]!)) {
      tokens.push({ k: "text", s: s[i + 1]! });
      i += 2;
      continue;
    }
    if (c === "\n") {
      tokens.push({ k: "br" });
      i += 1;
      continue;
    }
    if (c === "*" || c === "_") {
      let j = i;
      while (s[j] === c) j += 1;
      meter.tick(j - i);
      const run = j - i;
      const before = i > 0 ? s[i - 1] : undefined;
      const after = s[j];
      // CommonMark's flanking rules: whether the run can open or close emphasis.
      const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
      const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
      const canOpen = c === "*" ? left : left && (!right || isPunct(before));
      const canClose = c === "*" ? right : right && (!left || isPunct(after));
      if (run > 3 || (!canOpen && !canClose)) {
        tokens.push({ k: "text", s: s.slice(i, j) });
      } else {
        const one = c;
        const two = c + c;
        // "***" is bold and italic: opened as ** then *, closed as * then **, so the two stay nested.
        const parts = run === 3 ? (canOpen ? [two, one] : [one, two]) : [run === 2 ? two : one];
        for (const part of parts) {
          tokens.push({ k: "delim", s: part, strong: part.length === 2, canOpen, canClose, match: -1 });
        }
      }
      i = j;
      continue;
    }
    if (c === "[") {
      tokens.push({ k: "open", at: i + 1, match: -1 });
      i += 1;
      continue;
    }
    if (c === "]") {
      if (s[i + 1] === "(") {
        stops ??= addressStops(s, meter);
        const end = stops[i + 2]!;
        if (end > i + 2 && s[end] === ")") {
          const dest = s.slice(i + 2, end);
          tokens.push({ k: "close", at: i, dest, s: s.slice(i, end + 1), match: -1 });
          i = end + 1;
          continue;
        }
      }
      tokens.push({ k: "close", at: i, dest: null, s: "]", match: -1 });
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < s.length && !SPECIAL.has(s[j]!)) j += 1;
    meter.tick(j - i);
    tokens.push({ k: "text", s: s.slice(i, j) });
    i = j;
  }
  return tokens;
}

/** Pairs '[' with "](address)". A link inside a link is not one: the outer brackets stay text. */
function matchLinks(tokens: Token[], meter: Meter): void {
  let openers: number[] = [];
  tokens.forEach((token, index) => {
    meter.tick();
    if (token.k === "open") {
      openers.push(index);
    } else if (token.k === "close") {
      const opener = openers.pop();
      if (opener === undefined || token.dest === null) return;
      const open = tokens[opener] as Extract<Token, { k: "open" }>;
      open.match = index;
      token.match = opener;
      openers = [];
    }
  });
}

/** Pairs emphasis runs of the same kind, innermost first, never across a link's brackets and never crossing each
 *  other: when a pair closes, unpaired openers inside it are given up. Every opener is pushed and popped once. */
function matchEmphasis(tokens: Token[], meter: Meter): void {
  const stacks = new Map<string, number[]>([
    ["*", []],
    ["**", []],
    ["_", []],
    ["__", []],
  ]);
  // Index of the '[' of each link we are inside; openers before it cannot pair with closers in the label.
  const scopes: number[] = [-1];
  const dropAbove = (limit: number) => {
    for (const stack of stacks.values()) {
      while (stack.length > 0 && stack[stack.length - 1]! > limit) {
        stack.pop();
        meter.tick();
      }
    }
  };
  tokens.forEach((token, index) => {
    meter.tick();
    if (token.k === "open" && token.match >= 0) {
      scopes.push(index);
    } else if (token.k === "close" && token.match >= 0) {
      dropAbove(scopes.pop() ?? -1);
    } else if (token.k === "delim") {
      const stack = stacks.get(token.s)!;
      const opener = stack[stack.length - 1];
      if (token.canClose && opener !== undefined && opener > scopes[scopes.length - 1]!) {
        stack.pop();
        (tokens[opener] as Extract<Token, { k: "delim" }>).match = index;
        token.match = opener;
        dropAbove(opener);
      } else if (token.canOpen) {
        stack.push(index);
      }
    }
  });
}

/** Inline Markdown to a tree. Unpaired markers, and pairs nested deeper than MAX_INLINE_DEPTH, stay literal text. */
export function parseInline(source: string, meter: Meter = new Meter()): Inline[] {
  const tokens = tokenize(source, meter);
  matchLinks(tokens, meter);
  matchEmphasis(tokens, meter);

  // One frame per open strong/em/link; `make` builds its node from the children once its closing token is reached.
  type Frame = { children: Inline[]; close: number; make: ((children: Inline[]) => Inline) | null };
  const root: Frame = { children: [], close: -1, make: null };
  const frames: Frame[] = [root];
  const literal = new Set<number>();
  const appendText = (children: Inline[], text: string) => {
    const last = children[children.length - 1];
    if (last?.type === "text") last.text += text;
    else children.push({ type: "text", text });
  };

  tokens.forEach((token, index) => {
    meter.tick();
    const frame = frames[frames.length - 1]!;
    const isOpener = (token.k === "delim" || token.k === "open") && token.match > index;
    const isCloser = (token.k === "delim" || token.k === "close") && token.match >= 0 && token.match < index;
    if (isOpener && !literal.has(index)) {
      if (frames.length > MAX_INLINE_DEPTH) {
        literal.add(token.match);
      } else {
        let make: Frame["make"];
        if (token.k === "open") {
          const close = tokens[token.match] as Extract<Token, { k: "close" }>;
          const dest = close.dest ?? "";
          const showDest = source.slice(token.at, close.at) !== dest;
          // Comparing the label and checking the address read each once; labels and addresses never overlap.
          meter.tick(close.at - token.at + dest.length);
          make = (children) => ({ type: "link", href: safeHref(dest), dest, showDest, children });
        } else {
          const strong = (token as Extract<Token, { k: "delim" }>).strong;
          make = (children) => (strong ? { type: "strong", children } : { type: "em", children });
        }
        frames.push({ children: [], close: token.match, make });
        return;
      }
    } else if (isCloser && !literal.has(index) && frame.close === index) {
      frames.pop();
      if (frame.make) frames[frames.length - 1]!.children.push(frame.make(frame.children));
      return;
    }
    switch (token.k) {
      case "br":
        frame.children.push({ type: "br" });
        break;
      case "open":
        appendText(frame.children, "[");
        break;
      default:
        appendText(frame.children, token.s);
    }
  });
  return root.children;
}
