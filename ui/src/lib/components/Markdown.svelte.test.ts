// @vitest-environment happy-dom
// Section Markdown in the DOM: Svelte elements only, source text only ever as text, links only where they may open.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import Markdown from "./Markdown.svelte";

let component: ReturnType<typeof mount> | null = null;

function render(source: string): HTMLElement {
  component = mount(Markdown, { target: document.body, props: { source } });
  flushSync();
  const root = document.body.querySelector<HTMLElement>(".md");
  if (!root) throw new Error("no .md element");
  return root;
}

/** The element structure without comments and text, e.g. "p(strong)|ul(li,li)". */
function shape(element: Element): string {
  return [...element.children]
    .map((child) => {
      const inner = shape(child);
      return child.tagName.toLowerCase() + (inner ? `(${inner})` : "");
    })
    .join(",");
}

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
});

describe("Markdown", () => {
  it("renders XSS attempts as text", () => {
    const source = [
      "Hallo <script>alert('x')</script> Welt",
      "",
      '- <img src=x onerror="alert(1)">',
      "- **<b>fett</b>**",
      '- <a href="javascript:alert(1)">klick</a>',
      "",
      "[Link](javascript:alert%281%29) [groß](JAVASCRIPT:alert%281%29) [Daten](data:text/html;base64,PHNjcmlwdD4=)",
    ].join("\n");
    const root = render(source);
    expect(root.querySelector("script, img, b, a, iframe, [onerror]")).toBeNull();
    expect(root.textContent).toContain("Hallo <script>alert('x')</script> Welt");
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(root.querySelector("strong")?.textContent).toBe("<b>fett</b>");
    expect(root.textContent).toContain('<a href="javascript:alert(1)">klick</a>');
    // A link that may not open keeps its label and shows its address as text.
    const shown = [...root.querySelectorAll("span.md-link")].map((span) => span.textContent);
    expect(shown).toEqual(["Link", "groß", "Daten"]);
    expect(root.querySelector(".md-url")?.textContent).toBe("(javascript:alert%281%29)");
  });

  it("makes http(s), mailto and tel links anchors that never replace the window", () => {
    const root = render(
      "Portal: [Mein Bochum](https://service.bochum.de/), [E-Mail](mailto:buergerbuero@bochum.de), " +
        "[Anruf](tel:+492349100), [https://www.bochum.de](https://www.bochum.de)",
    );
    const anchors = [...root.querySelectorAll("a")];
    expect(anchors.map((a) => a.getAttribute("href"))).toEqual([
      "https://service.bochum.de/",
      "mailto:buergerbuero@bochum.de",
      "tel:+492349100",
      "https://www.bochum.de/",
    ]);
    for (const anchor of anchors) {
      expect(anchor.getAttribute("target")).toBe("_blank");
      expect(anchor.getAttribute("rel")).toBe("noopener noreferrer");
      expect(anchor.className).toBe("md-link");
    }
    // The address is shown once: after the label, or as the label itself.
    expect(root.textContent).toBe(
      "Portal: Mein Bochum (https://service.bochum.de/), E-Mail (mailto:buergerbuero@bochum.de), " +
        "Anruf (tel:+492349100), https://www.bochum.de",
    );
  });

  it("renders a real entry's section with headings, paragraphs, lists and breaks", () => {
    // knowledge-base/services/fuehrerschein-umtausch.md, section "Fristen" (shortened), plus the rest of the subset.
    const root = render(
      [
        "Papierführerscheine (bis 31.12.1998 ausgestellt), nach Geburtsjahr:",
        "- vor 1953 geboren: bis 19.01.2033",
        "- 1953 bis 1958: 19.01.2022 (abgelaufen)",
        "",
        "Kartenführerscheine (01.01.1999 bis 18.01.2013), nach Ausstellungsjahr:",
        "- 1999 bis 2001: 19.01.2026 (abgelaufen)",
        "  - Umtausch **sofort** beantragen",
        "",
        "### Ablauf",
        "3. Antrag stellen  ",
        "   im *Straßenverkehrsamt*",
        "4. Abholen",
      ].join("\n"),
    );
    expect(shape(root)).toBe("p,ul(li,li),p,ul(li(ul(li(strong)))),h4,ol(li(br,em),li)");
    expect([...root.querySelectorAll(":scope > ul:first-of-type > li")].map((li) => li.textContent)).toEqual([
      "vor 1953 geboren: bis 19.01.2033",
      "1953 bis 1958: 19.01.2022 (abgelaufen)",
    ]);
    expect(root.querySelector("ul ul li")?.textContent).toBe("Umtausch sofort beantragen");
    expect(root.querySelector("h4")?.textContent).toBe("Ablauf");
    expect(root.querySelector("ol")?.getAttribute("start")).toBe("3");
    expect(root.querySelector("ol li")?.textContent).toBe("Antrag stellenim Straßenverkehrsamt");
  });

  it("renders the pathological inputs", () => {
    const heading = `# a${" ".repeat(20_000)}b`;
    expect(render(heading).querySelector("h4")?.textContent).toBe(`a${" ".repeat(20_000)}b`);
    if (component) unmount(component);
    expect(render("*".repeat(100_000)).textContent).toHaveLength(100_000);
    if (component) unmount(component);
    expect(render("[".repeat(100_000)).textContent).toHaveLength(100_000);
  });

  it("follows a new source", () => {
    const props = $state({ source: "- eins" });
    component = mount(Markdown, { target: document.body, props });
    flushSync();
    expect(shape(document.body.querySelector(".md")!)).toBe("ul(li)");
    props.source = "1. eins\n2. zwei";
    flushSync();
    expect(shape(document.body.querySelector(".md")!)).toBe("ol(li,li)");
  });
});
