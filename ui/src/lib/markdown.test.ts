import { describe, expect, it } from "vitest";
import {
  MAX_INLINE_DEPTH,
  MAX_LIST_DEPTH,
  Meter,
  parseInline,
  parseMarkdown,
  safeHref,
  type Block,
  type Inline,
  type ListBlock,
} from "./markdown";

const text = (t: string): Inline => ({ type: "text", text: t });
const strong = (...children: Inline[]): Inline => ({ type: "strong", children });
const em = (...children: Inline[]): Inline => ({ type: "em", children });
const para = (...inlines: Inline[]): Block => ({ type: "paragraph", inlines });
const item = (t: string, ...lists: ListBlock[]) => ({ inlines: [text(t)], lists });

/** The text of an inline tree as the window shows it (links with their address), for compact assertions. */
function plain(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case "text":
          return node.text;
        case "br":
          return "\n";
        case "link":
          return plain(node.children) + (node.showDest ? ` (${node.dest})` : "");
        default:
          return plain(node.children);
      }
    })
    .join("");
}

function inlineDepth(nodes: Inline[]): number {
  let deepest = 0;
  for (const node of nodes) {
    if ("children" in node) deepest = Math.max(deepest, 1 + inlineDepth(node.children));
  }
  return deepest;
}

function listDepth(list: ListBlock): number {
  let deepest = 0;
  for (const entry of list.items) for (const sub of entry.lists) deepest = Math.max(deepest, listDepth(sub));
  return 1 + deepest;
}

describe("parseMarkdown: blocks", () => {
  it("joins paragraph lines and separates paragraphs at blank lines", () => {
    expect(parseMarkdown("Erste Zeile\nzweite Zeile\n\nNeuer Absatz")).toEqual([
      para(text("Erste Zeile zweite Zeile")),
      para(text("Neuer Absatz")),
    ]);
  });

  it("breaks a line after two trailing spaces or a trailing backslash", () => {
    expect(parseMarkdown("Zeile eins  \nZeile zwei\\\nZeile drei")).toEqual([
      para(text("Zeile eins"), { type: "br" }, text("Zeile zwei"), { type: "br" }, text("Zeile drei")),
    ]);
    // At the end of the text there is nothing to break before.
    expect(parseMarkdown("Ende  ")).toEqual([para(text("Ende"))]);
  });

  it("parses bullet lists with -, * and +", () => {
    const expected = [{ type: "ul", items: [item("Personalausweis"), item("Meldebescheinigung")] }];
    expect(parseMarkdown("- Personalausweis\n- Meldebescheinigung")).toEqual(expected);
    expect(parseMarkdown("* Personalausweis\n+ Meldebescheinigung")).toEqual(expected);
  });

  it("parses numbered lists and keeps a start number other than 1", () => {
    expect(parseMarkdown("1. Termin buchen\n2. Unterlagen mitbringen")).toEqual([
      { type: "ol", start: 1, items: [item("Termin buchen"), item("Unterlagen mitbringen")] },
    ]);
    expect(parseMarkdown("3) drei\n4) vier")).toEqual([{ type: "ol", start: 3, items: [item("drei"), item("vier")] }]);
  });

  it("ends a list at an unindented line and continues an item at an indented one", () => {
    expect(parseMarkdown("- Ausweis\n  oder Reisepass\nBitte Termin buchen.")).toEqual([
      { type: "ul", items: [item("Ausweis oder Reisepass")] },
      para(text("Bitte Termin buchen.")),
    ]);
  });

  it("switches between list kinds", () => {
    expect(parseMarkdown("- a\n1. b")).toEqual([
      { type: "ul", items: [item("a")] },
      { type: "ol", start: 1, items: [item("b")] },
    ]);
  });

  it("nests lists by indentation and returns to the outer level", () => {
    expect(parseMarkdown("- Ausweis\n  - Personalausweis\n  - Reisepass\n- Foto\n   1. biometrisch")).toEqual([
      {
        type: "ul",
        items: [
          item("Ausweis", { type: "ul", items: [item("Personalausweis"), item("Reisepass")] }),
          item("Foto", { type: "ol", start: 1, items: [item("biometrisch")] }),
        ],
      },
    ]);
  });

  it("parses sub-headings with an optional closing sequence", () => {
    expect(parseMarkdown("### Gebühren ###\n37,00 €")).toEqual([
      { type: "heading", level: 3, inlines: [text("Gebühren")] },
      para(text("37,00 €")),
    ]);
    expect(parseMarkdown("## C#")).toEqual([{ type: "heading", level: 2, inlines: [text("C#")] }]);
    // No blank after the hashes, seven hashes or four spaces of indentation: not a heading.
    expect(parseMarkdown("#hashtag")).toEqual([para(text("#hashtag"))]);
    expect(parseMarkdown("####### sieben")).toEqual([para(text("####### sieben"))]);
    expect(parseMarkdown("    # eingerückt")).toEqual([para(text("# eingerückt"))]);
  });

  it("handles Windows line endings and empty input", () => {
    expect(parseMarkdown("- a\r\n- b")).toEqual([{ type: "ul", items: [item("a"), item("b")] }]);
    expect(parseMarkdown("")).toEqual([]);
    expect(parseMarkdown("\n\n  \n")).toEqual([]);
  });

  it("parses a real entry's section into the expected structure", () => {
    // knowledge-base/services/fuehrerschein-umtausch.md, section "Fristen" (shortened): "Text:" lines with lists.
    const blocks = parseMarkdown(
      [
        "Papierführerscheine (bis 31.12.1998 ausgestellt), nach Geburtsjahr:",
        "- vor 1953 geboren: bis 19.01.2033",
        "- 1953 bis 1958: 19.01.2022 (abgelaufen)",
        "",
        "Kartenführerscheine (01.01.1999 bis 18.01.2013), nach Ausstellungsjahr:",
        "- 1999 bis 2001: 19.01.2026 (abgelaufen)",
        "- 2008: 19.01.2029; 2009: 19.01.2030; 2010: 19.01.2031; 2011: 19.01.2032",
      ].join("\n"),
    );
    expect(blocks).toEqual([
      para(text("Papierführerscheine (bis 31.12.1998 ausgestellt), nach Geburtsjahr:")),
      { type: "ul", items: [item("vor 1953 geboren: bis 19.01.2033"), item("1953 bis 1958: 19.01.2022 (abgelaufen)")] },
      para(text("Kartenführerscheine (01.01.1999 bis 18.01.2013), nach Ausstellungsjahr:")),
      {
        type: "ul",
        items: [
          item("1999 bis 2001: 19.01.2026 (abgelaufen)"),
          item("2008: 19.01.2029; 2009: 19.01.2030; 2010: 19.01.2031; 2011: 19.01.2032"),
        ],
      },
    ]);
  });
});

describe("parseInline", () => {
  it("parses bold and italic, nested too", () => {
    expect(parseInline("Kosten: **37,00 €** bar")).toEqual([text("Kosten: "), strong(text("37,00 €")), text(" bar")]);
    expect(parseInline("*nur* mit _Termin_")).toEqual([em(text("nur")), text(" mit "), em(text("Termin"))]);
    expect(parseInline("**fett *und kursiv***")).toEqual([strong(text("fett "), em(text("und kursiv")))]);
    expect(parseInline("***beides***")).toEqual([strong(em(text("beides")))]);
  });

  it("leaves unmatched, empty or intraword markers as text", () => {
    expect(parseInline("a ** b")).toEqual([text("a ** b")]);
    expect(parseInline("****")).toEqual([text("****")]);
    expect(parseInline("**offen")).toEqual([text("**offen")]);
    expect(parseInline("datei_name_neu")).toEqual([text("datei_name_neu")]);
    expect(parseInline("2 * 3 * 4")).toEqual([text("2 * 3 * 4")]);
  });

  it("never lets emphasis pairs cross", () => {
    const nodes = parseInline("*a **b* c**");
    expect(plain(nodes)).toBe("a **b c**");
    expect(nodes[0]).toEqual(em(text("a **b")));
  });

  it("parses links, keeping the address for display", () => {
    expect(parseInline("Siehe [Portal](https://www.bochum.de/portal).")).toEqual([
      text("Siehe "),
      {
        type: "link",
        href: "https://www.bochum.de/portal",
        dest: "https://www.bochum.de/portal",
        showDest: true,
        children: [text("Portal")],
      },
      text("."),
    ]);
    const [self] = parseInline("[https://bochum.de](https://bochum.de)");
    expect(self).toMatchObject({ type: "link", showDest: false });
  });

  it("keeps a link that may not open as a link without address to open", () => {
    expect(parseInline("[klick](javascript:alert%281%29)")).toEqual([
      { type: "link", href: null, dest: "javascript:alert%281%29", showDest: true, children: [text("klick")] },
    ]);
    // An address with parentheses or blanks is no address: all of it stays text.
    expect(parseInline("[klick](javascript:alert(1))")).toEqual([text("[klick](javascript:alert(1))")]);
  });

  it("renders bold inside link text and links inside bold", () => {
    expect(parseInline("[**fett**](u)")).toEqual([
      { type: "link", href: null, dest: "u", showDest: true, children: [strong(text("fett"))] },
    ]);
    expect(parseInline("**[x](u)**")).toEqual([
      strong({ type: "link", href: null, dest: "u", showDest: true, children: [text("x")] }),
    ]);
  });

  it("keeps brackets that are no links, and the outer brackets around a link", () => {
    expect(parseInline("[nur Klammer] und (Text)")).toEqual([text("[nur Klammer] und (Text)")]);
    expect(parseInline("[a](b c)")).toEqual([text("[a](b c)")]);
    expect(plain(parseInline("[außen [innen](https://a.de) mehr](https://b.de)"))).toBe(
      "[außen innen (https://a.de) mehr](https://b.de)",
    );
    // Emphasis does not reach into or out of a link's label.
    expect(plain(parseInline("*a [b* c](https://a.de)"))).toBe("*a b* c (https://a.de)");
  });

  it("takes backslash-escaped characters literally", () => {
    expect(parseInline("\\*kein Stern\\* \\[x\\](y)")).toEqual([text("*kein Stern* [x](y)")]);
  });
});

describe("safeHref", () => {
  it("opens web pages, e-mail and telephone numbers", () => {
    expect(safeHref("https://www.bochum.de/a?b=1")).toBe("https://www.bochum.de/a?b=1");
    expect(safeHref("HTTP://bochum.de")).toBe("http://bochum.de/");
    expect(safeHref("mailto:buergerbuero@bochum.de")).toBe("mailto:buergerbuero@bochum.de");
    expect(safeHref("tel:+492349100")).toBe("tel:+492349100");
  });

  it("keeps everything else as text", () => {
    for (const dest of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "vbscript:msgbox",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "//evil.example",
      "/relativ",
      "https://",
      "mailto:",
      "tel:abc",
      "ftp://bochum.de",
    ]) {
      expect(safeHref(dest), dest).toBeNull();
    }
  });
});

describe("linear time", () => {
  function steps(source: string): { steps: number; blocks: Block[] } {
    const meter = new Meter();
    const blocks = parseMarkdown(source, meter);
    return { steps: meter.steps, blocks };
  }

  // Inputs that made the former renderer (or typical hand-written parsers) backtrack or rescan.
  const pathological: Record<string, (n: number) => string> = {
    "heading with a run of spaces": (n) => `# a${" ".repeat(n)}b`,
    "heading of hashes and spaces": (n) => `#${" #".repeat(n)}x`,
    "a run of stars": (n) => "*".repeat(n),
    "unpaired bold openers": (n) => "**a ".repeat(n),
    "unpaired italic openers then closers": (n) => "*a ".repeat(n) + "b* ".repeat(n),
    "unclosed brackets": (n) => "[".repeat(n),
    "unclosed link addresses": (n) => "[a](b".repeat(n),
    "closing brackets with addresses": (n) => "](x)".repeat(n),
    "backslashes": (n) => "\\".repeat(n),
    "deeply nested list": (n) =>
      Array.from({ length: n }, (_, i) => `${" ".repeat(2 * (i % 40))}- Punkt ${i}`).join("\n"),
    "alternating list kinds": (n) => Array.from({ length: n }, (_, i) => (i % 2 ? "1. a" : "- a")).join("\n"),
    "trailing spaces on every line": (n) => "a   \n".repeat(n),
  };

  for (const [name, make] of Object.entries(pathological)) {
    it(`stays linear: ${name}`, () => {
      const small = make(20_000);
      const large = make(40_000);
      const a = steps(small);
      const b = steps(large);
      // A handful of steps per character, and twice the input costs about twice the work (quadratic would be 4x).
      expect(a.steps).toBeLessThanOrEqual(12 * small.length);
      expect(b.steps).toBeLessThanOrEqual(12 * large.length);
      expect(b.steps / a.steps).toBeLessThan(2.3);
      expect(b.blocks.length).toBeGreaterThan(0);
    });
  }

  it('parses "# a" + 2,000 and 20,000 spaces + "b" into a heading', () => {
    for (const n of [2_000, 20_000]) {
      const source = `# a${" ".repeat(n)}b`;
      const { steps: count, blocks } = steps(source);
      expect(count).toBeLessThanOrEqual(12 * source.length);
      expect(blocks).toEqual([{ type: "heading", level: 1, inlines: [text(`a${" ".repeat(n)}b`)] }]);
    }
  });

  it("keeps 100,000 stars as text", () => {
    expect(parseMarkdown("*".repeat(100_000))).toEqual([para(text("*".repeat(100_000)))]);
  });

  it("caps list and emphasis nesting, keeping the text", () => {
    const [list] = parseMarkdown(Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(2 * i)}- ${i}`).join("\n"));
    expect(list?.type).toBe("ul");
    expect(listDepth(list as ListBlock)).toBe(MAX_LIST_DEPTH);

    const deep = "*a _b ".repeat(500) + "c_ d* ".repeat(500);
    const nodes = parseInline(deep);
    expect(inlineDepth(nodes)).toBeLessThanOrEqual(MAX_INLINE_DEPTH);
    expect(plain(nodes).replace(/[*_]/g, "")).toBe(deep.replace(/[*_]/g, ""));
  });

  it("produces the whole text for a 200 KB mixed input", () => {
    const chunk = "### Kosten\n- **37,00 €** für *Erwachsene* [Portal](https://www.bochum.de)\n  weiter  \n1. [a](b\n\n";
    const source = chunk.repeat(Math.ceil(200_000 / chunk.length));
    const { steps: count, blocks } = steps(source);
    expect(source.length).toBeGreaterThanOrEqual(200_000);
    expect(count).toBeLessThanOrEqual(12 * source.length);
    expect(blocks.filter((b) => b.type === "heading")).toHaveLength(Math.ceil(200_000 / chunk.length));
  });
});

describe("the knowledge base", () => {
  // Every section of every article: each list line becomes exactly one item and no Markdown syntax is left over.
  const files = import.meta.glob<string>("../../../knowledge-base/{services,locations}/*.md", {
    query: "?raw",
    import: "default",
    eager: true,
  });

  function countItems(blocks: Block[]): number {
    let count = 0;
    const walk = (list: ListBlock) => {
      for (const entry of list.items) {
        count += 1;
        entry.lists.forEach(walk);
      }
    };
    for (const block of blocks) if (block.type === "ul" || block.type === "ol") walk(block);
    return count;
  }

  it("finds the articles", () => {
    expect(Object.keys(files).length).toBeGreaterThan(40);
  });

  for (const [path, content] of Object.entries(files)) {
    it(`renders ${path.split("/").slice(-2).join("/")}`, () => {
      // The core's split: the body after the second "+++", sections at "## ".
      const body = content.split(/^\+\+\+$/m).slice(2).join("+++");
      const sections = body.split(/^## .*$/m).slice(1);
      expect(sections.length).toBeGreaterThan(0);
      for (const section of sections) {
        const markdown = section.trim();
        const blocks = parseMarkdown(markdown);
        const listLines = markdown.split("\n").filter((line) => /^\s*([-*+]|\d{1,9}[.)])\s/.test(line)).length;
        expect(countItems(blocks)).toBe(listLines);
        for (const block of blocks) {
          if (block.type === "paragraph" || block.type === "heading") {
            expect(plain(block.inlines)).not.toMatch(/\*\*|\]\(/);
          }
        }
      }
    });
  }
});
