import { describe, expect, it } from "vitest";
import { catalogueVersion, loadCompiledMessages, messagesVersion } from "@/app/_i18n/messages";
import { GET } from "./route";

const ask = (query: string) => GET(new Request(`http://shop.test/api/messages?${query}`));

describe("messages of a part loaded later", () => {
  it("answers the namespaces asked, compiled as the pages get them, in the language asked", async () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const res = ask(`locale=${locale}&ns=stepUp,paymentMethods.connection`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      const catalogue = loadCompiledMessages(locale) as Record<string, Record<string, unknown>>;
      expect(body.stepUp).toEqual(catalogue.stepUp);
      expect(body.paymentMethods).toEqual({ connection: catalogue.paymentMethods!.connection });
      // Nothing else: the page has the rest.
      expect(Object.keys(body).sort()).toEqual(["errors", "paymentMethods", "stepUp"]);
      expect(body.errors).toEqual({});
    }
  });

  it("refuses an unknown language or namespace, or none", () => {
    expect(ask("locale=fr&ns=stepUp").status).toBe(400);
    expect(ask("locale=en&ns=noSuchThing").status).toBe(400);
    expect(ask("locale=en").status).toBe(400);
    expect(ask("ns=stepUp").status).toBe(400);
  });

  // A release that changes a sentence gives the catalogue a new version, so the pages it serves
  // ask a new address; an answer is kept for good only under the address of its own version.
  it("is kept for good under this build's version, never under another's", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const version = messagesVersion(locale);
      const current = ask(`locale=${locale}&v=${version}&ns=stepUp`);
      expect(current.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
      for (const other of [`v=${version.slice(1)}x`, "v=", ""]) {
        const res = ask(`locale=${locale}&${other}&ns=stepUp`);
        expect(res.status).toBe(200);
        expect(res.headers.get("Cache-Control")).toBe("no-store");
      }
    }
    expect(messagesVersion("en")).not.toBe(messagesVersion("zh-CN"));
  });

  it("has a new version when one sentence changes", () => {
    const catalogue = loadCompiledMessages("en") as { stepUp: Record<string, unknown> };
    const edited = { ...catalogue, stepUp: { ...catalogue.stepUp, title: "Is it you?" } };
    expect(catalogueVersion(catalogue)).toBe(messagesVersion("en"));
    expect(catalogueVersion(edited)).not.toBe(messagesVersion("en"));
  });
});
