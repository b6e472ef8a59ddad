import { isLocale } from "@/app/_i18n/config";
import { loadCompiledMessages, messagesVersion } from "@/app/_i18n/messages";
import { pickFrom } from "@/app/_i18n/pick-messages";

/**
 * Namespaces of a language's catalogue (`?locale=en&v=<version>&ns=stepUp,invitations`),
 * compiled as the pages' are, for a part of a page loaded the first time it is needed
 * (lazyWithMessages): a dialog most visits never open carries its sentences with it, not in
 * every page's HTML. The same for everyone, and public as the pages' texts are.
 */
export function GET(request: Request) {
  const query = new URL(request.url).searchParams;
  const locale = query.get("locale");
  const namespaces = (query.get("ns") ?? "").split(",").filter(Boolean);
  if (!locale || !isLocale(locale) || namespaces.length === 0)
    return Response.json({ error: "locale and ns are required" }, { status: 400 });
  let picked: Record<string, unknown>;
  try {
    // Only what is asked: the page already has the base namespaces and errors.
    picked = pickFrom(loadCompiledMessages(locale), namespaces, [], []);
  } catch {
    return Response.json({ error: "unknown namespace" }, { status: 400 });
  }
  // The address names the catalogue's version (the page's <html data-messages>): a release that
  // changes a sentence changes the address, so an answer under it can be kept for good. A page
  // of another build (open across an upgrade) asks with another version, or none: it gets
  // today's sentences, which nobody keeps under its address.
  const current = query.get("v") === messagesVersion(locale);
  return Response.json(picked, {
    headers: {
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-store",
    },
  });
}
