import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { GuideMarkdown, safeUrl } from "./guide-markdown";

const render = (source: string) => renderToStaticMarkup(createElement(GuideMarkdown, { source }));

describe("GuideMarkdown", () => {
  it("renders headings, numbered steps, tables, callouts and diagrams", () => {
    const html = render(
      [
        "## Steps",
        "1. Open **Orders**",
        "2. Press *Create*",
        "",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "",
        "> **Note:** check the order page.",
        "",
        "```",
        "scan ──► check ──► redeem",
        "```",
      ].join("\n"),
    );
    expect(html).toContain("<h2");
    expect(html).toMatch(/<ol[^>]*>\s*<li[^>]*>Open <strong>Orders<\/strong><\/li>/);
    expect(html).toContain("<table");
    expect(html).toContain("<aside");
    expect(html).toContain("scan ──► check ──► redeem");
  });

  it("drops raw HTML: a script, an image's onerror and inline handlers never reach the page", () => {
    const html = render(
      [
        "Hello <script>alert(1)</script>",
        "",
        '<img src="x" onerror="alert(2)">',
        "",
        '<a href="#" onclick="alert(3)">click</a>',
        "",
        '<iframe src="https://evil.example"></iframe>',
        "",
        '<div style="background:url(javascript:alert(4))">styled</div>',
      ].join("\n"),
    );
    // The tags go; what stood between them is left as harmless text.
    expect(html).not.toMatch(/<script|<img|<iframe|<div style|onerror|onclick|style=/i);
    expect(html).toContain("Hello");
  });

  it("loads only the product's own images; another host's image is a link, never fetched", () => {
    const html = render(
      [
        "![Counter screen](/guides/counter.png)",
        "",
        "![pixel](https://tracker.example/p.gif?reader=1)",
        "",
        "![](//tracker.example/q.gif)",
      ].join("\n"),
    );
    // React also preloads what an <img> shows: neither may name another host.
    const fetched = [...html.matchAll(/<(?:img[^>]*src|link[^>]*href)="([^"]*)"/g)].map(
      (m) => m[1],
    );
    expect(new Set(fetched)).toEqual(new Set(["/guides/counter.png"]));
    expect(html).toMatch(/<a href="https:\/\/tracker.example\/p.gif\?reader=1"[^>]*>.*pixel<\/a>/);
  });

  it("neutralises javascript: and data: links and images, however disguised", () => {
    const html = render(
      [
        "[one](javascript:alert(1))",
        "[two](JaVaScRiPt:alert(2))",
        "[three](java\tscript:alert(3))",
        "[four](&#106;avascript:alert(4))",
        "[five](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)",
        "[six](vbscript:msgbox(6))",
        "![img](javascript:alert(7))",
        "<javascript:alert(8)>",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript)/i);
    expect(html).not.toContain("<img");
    // Every one of these links lost its address.
    expect(html.match(/href=/g)).toBeNull();
    expect(html).toContain(">one</a>");
  });

  it("keeps safe links, opening other sites in a new tab without an opener", () => {
    const html = render(
      "[guide](/guides/refunds) [site](https://example.com) [mail](mailto:a@b.example) [tel](tel:+8610)",
    );
    expect(html).toContain('href="/guides/refunds"');
    expect(html).toMatch(
      /href="https:\/\/example.com"[^>]* target="_blank" rel="noopener noreferrer nofollow"/,
    );
    expect(html).toContain('href="mailto:a@b.example"');
    expect(html).toContain('href="tel:+8610"');
  });
});

describe("safeUrl", () => {
  it.each([
    ["/guides/x", "/guides/x"],
    ["#top", "#top"],
    ["guides/x", "guides/x"],
    ["https://a.example/p", "https://a.example/p"],
    ["//evil.example/x", ""],
    ["javascript:alert(1)", ""],
    [" JAVASCRIPT:alert(1)", ""],
    ["\u0001javascript:alert(1)", ""],
    ["data:image/svg+xml,<svg onload=alert(1)>", ""],
    ["file:///etc/passwd", ""],
  ])("%j → %j", (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});
