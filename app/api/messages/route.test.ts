import { describe, expect, it } from "vitest";
import { loadCompiledMessages } from "@/app/_i18n/messages";
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
});
