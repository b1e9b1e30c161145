import { describe, expect, it } from "vitest";
import { escapeHtml, renderInline, renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("escapes a script tag instead of emitting it", () => {
    const html = renderMarkdown("Hallo <script>alert('x')</script> Welt");
    expect(html).toBe("<p>Hallo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Welt</p>");
    expect(html).not.toContain("<script");
  });

  it("escapes HTML inside list items, bold text and links", () => {
    const html = renderMarkdown(
      '- <img src=x onerror="alert(1)">\n- **<b>fett</b>**\n- [<i>x</i>](https://a.de/?q=<s>&t="1")',
    );
    expect(html).not.toMatch(/<(img|b|i|s)[\s>]/);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<strong>&lt;b&gt;fett&lt;/b&gt;</strong>");
    expect(html).toContain('<span class="md-url">(https://a.de/?q=&lt;s&gt;&amp;t=&quot;1&quot;)</span>');
  });

  it("renders bullet lists", () => {
    expect(renderMarkdown("- Personalausweis\n- Meldebescheinigung")).toBe(
      "<ul><li>Personalausweis</li><li>Meldebescheinigung</li></ul>",
    );
    expect(renderMarkdown("* eins\n* zwei")).toBe("<ul><li>eins</li><li>zwei</li></ul>");
  });

  it("renders numbered lists and keeps a start number other than 1", () => {
    expect(renderMarkdown("1. Termin buchen\n2. Unterlagen mitbringen")).toBe(
      "<ol><li>Termin buchen</li><li>Unterlagen mitbringen</li></ol>",
    );
    expect(renderMarkdown("3. drei\n4. vier")).toBe('<ol start="3"><li>drei</li><li>vier</li></ol>');
  });

  it("joins paragraph lines and separates paragraphs at blank lines", () => {
    expect(renderMarkdown("Erste Zeile\nzweite Zeile\n\nNeuer Absatz")).toBe(
      "<p>Erste Zeile zweite Zeile</p>\n<p>Neuer Absatz</p>",
    );
  });

  it("ends a list at an unindented line and continues an item at an indented one", () => {
    expect(renderMarkdown("- Ausweis\n  oder Reisepass\nBitte Termin buchen.")).toBe(
      "<ul><li>Ausweis oder Reisepass</li></ul>\n<p>Bitte Termin buchen.</p>",
    );
  });

  it("switches between list kinds", () => {
    expect(renderMarkdown("- a\n1. b")).toBe("<ul><li>a</li></ul>\n<ol><li>b</li></ol>");
  });

  it("renders sub-headings", () => {
    expect(renderMarkdown("### Gebühren\n37,00 €")).toBe("<h4>Gebühren</h4>\n<p>37,00 €</p>");
  });

  it("handles Windows line endings and empty input", () => {
    expect(renderMarkdown("- a\r\n- b")).toBe("<ul><li>a</li><li>b</li></ul>");
    expect(renderMarkdown("")).toBe("");
    expect(renderMarkdown("\n\n  \n")).toBe("");
  });
});

describe("renderInline", () => {
  it("renders bold", () => {
    expect(renderInline("Kosten: **37,00 €** bar")).toBe("Kosten: <strong>37,00 €</strong> bar");
  });

  it("leaves an unmatched or empty bold marker as text", () => {
    expect(renderInline("a ** b")).toBe("a ** b");
    expect(renderInline("****")).toBe("****");
  });

  it("shows a link as text plus its address, never as an anchor", () => {
    const html = renderInline("Siehe [Portal](https://www.bochum.de/portal).");
    expect(html).toBe(
      'Siehe <span class="md-link">Portal</span> <span class="md-url">(https://www.bochum.de/portal)</span>.',
    );
    expect(html).not.toContain("<a");
    expect(html).not.toContain("href");
  });

  it("does not turn a javascript: link into anything clickable", () => {
    const html = renderInline("[klick](javascript:alert(1))");
    expect(html).not.toContain("<a");
    expect(html).toContain("klick");
  });

  it("shows the address once when the link text is the address", () => {
    expect(renderInline("[https://bochum.de](https://bochum.de)")).toBe(
      '<span class="md-link">https://bochum.de</span>',
    );
  });

  it("renders bold inside link text and links inside bold", () => {
    expect(renderInline("[**fett**](u)")).toBe(
      '<span class="md-link"><strong>fett</strong></span> <span class="md-url">(u)</span>',
    );
    expect(renderInline("**[x](u)**")).toBe(
      '<strong><span class="md-link">x</span> <span class="md-url">(u)</span></strong>',
    );
  });

  it("keeps brackets that are not links", () => {
    expect(renderInline("[nur Klammer] und (Text)")).toBe("[nur Klammer] und (Text)");
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});
