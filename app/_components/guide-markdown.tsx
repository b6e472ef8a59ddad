import { ImageIcon } from "lucide-react";
import type { ComponentProps } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/app/_lib/cn";

const safeProtocols = new Set(["http:", "https:", "mailto:", "tel:"]);

/**
 * Keeps a link or image address only when it is relative (a path, `#anchor`, `?query`) or uses
 * a protocol that cannot run code; anything else (`javascript:`, `data:`, `vbscript:`, also
 * when disguised with case, whitespace or entities that the parser already decoded) becomes "".
 */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  // Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:").
  const compact = trimmed.replace(/[\u0000-\u0020\u007f]/g, "");
  if (/^[/?#]/.test(compact) && !compact.startsWith("//")) return trimmed;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!scheme) return /^[\w.-]+(\/|$)/.test(compact) ? trimmed : "";
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern's one group always takes part in a match
  return safeProtocols.has(`${scheme[1]!.toLowerCase()}:`) ? trimmed : "";
}

/**
 * Whether an image address is the product's own (a relative path): only those are loaded. An
 * image from another host would be fetched by every reader's browser, telling that host who
 * read the guide and when (a tracking pixel), so it is offered as a link instead.
 */
function isOwnImage(src: string): boolean {
  return !src.startsWith("//") && !/^[a-z][a-z0-9+.-]*:/i.test(src);
}

const components: Components = {
  h1: (p) => <h2 className="mt-8 text-xl font-semibold first:mt-0" {...strip(p)} />,
  h2: (p) => <h2 className="mt-8 text-xl font-semibold first:mt-0" {...strip(p)} />,
  h3: (p) => <h3 className="mt-6 text-lg font-semibold" {...strip(p)} />,
  h4: (p) => <h4 className="mt-4 font-semibold" {...strip(p)} />,
  p: (p) => <p className="my-3 leading-7" {...strip(p)} />,
  ul: (p) => <ul className="my-3 list-disc space-y-1.5 pl-6" {...strip(p)} />,
  ol: (p) => <ol className="my-3 list-decimal space-y-2 pl-6 marker:font-semibold" {...strip(p)} />,
  li: (p) => <li className="pl-1 leading-7" {...strip(p)} />,
  // A quotation in a guide is a callout: a rule to remember, set apart from the steps.
  blockquote: (p) => (
    <aside
      className="border-warning bg-warning/10 my-4 rounded-md border-l-4 px-4 py-1 [&_p]:my-2"
      {...strip(p)}
    />
  ),
  table: (p) => (
    <div className="my-4 overflow-x-auto rounded-md border" role="region" tabIndex={0}>
      <table className="w-full border-collapse text-sm" {...strip(p)} />
    </div>
  ),
  th: (p) => <th className="bg-muted border-b px-3 py-2 text-left font-semibold" {...strip(p)} />,
  td: (p) => <td className="border-b px-3 py-2 align-top" {...strip(p)} />,
  // Code blocks hold the flow diagrams: keep their lines, scroll sideways on a phone.
  pre: (p) => (
    <pre
      className="bg-muted my-4 overflow-x-auto rounded-md p-4 font-mono text-xs leading-5"
      tabIndex={0}
      {...strip(p)}
    />
  ),
  code: (p) => <code className="bg-muted rounded px-1 font-mono text-[0.9em]" {...strip(p)} />,
  a: ({ href, children }) => {
    const external = /^(https?:)?\/\//i.test(href ?? "");
    return (
      <a
        href={href || undefined}
        className="text-primary underline underline-offset-4"
        {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}
      >
        {children}
      </a>
    );
  },
  img: ({ src, alt }) => {
    if (typeof src !== "string" || !src) return null;
    if (!isOwnImage(src))
      return (
        <a
          href={src}
          className="text-primary inline-flex items-center gap-1 underline underline-offset-4"
          target="_blank"
          rel="noopener noreferrer nofollow"
        >
          <ImageIcon className="size-4 shrink-0" aria-hidden />
          {alt || src}
        </a>
      );
    // eslint-disable-next-line @next/next/no-img-element -- author-supplied images of any size
    return <img src={src} alt={alt ?? ""} className="my-4 max-w-full rounded-md border" />;
  },
  hr: () => <hr className="my-6" />,
};

/** react-markdown passes the mdast node along; it is not a DOM attribute. */
function strip<T extends { node?: unknown }>(props: T): Omit<T, "node"> {
  const { node: _node, ...rest } = props;
  return rest;
}

/**
 * A guide's Markdown as HTML elements. Raw HTML in the text is dropped (`skipHtml`, and no
 * rehype-raw), so an injected `<script>` or `<img onerror>` never reaches the page; links and
 * images keep only safe addresses.
 */
export function GuideMarkdown({ source, className }: { source: string } & ComponentProps<"div">) {
  return (
    <div className={cn("text-[0.95rem] break-words", className)}>
      <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={safeUrl} components={components}>
        {source}
      </Markdown>
    </div>
  );
}
