import { describe, expect, it } from "vitest";
import { checkCharacter, formatCode } from "@/server/vouchers/voucher-code.logic";
import {
  containsPattern,
  couldBeInNumber,
  orderItemsText,
  parseOrderQuery,
} from "./order-search.logic";

describe("order search", () => {
  it("indexes each item name on its own line", () => {
    expect(orderItemsText(["拿铁  大杯", "Croissant"])).toBe("拿铁 大杯\nCroissant");
    expect(orderItemsText([])).toBe("");
  });

  it("takes LIKE's wildcards in a typed fragment literally", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });

  it("reads a voucher code typed with separators or in lower case, as the redeem screen does", () => {
    const code = "7KQ4MZ8CRT2" + checkCharacter("7KQ4MZ8CRT2");
    expect(parseOrderQuery(code).voucherCode).toBe(code);
    expect(parseOrderQuery(formatCode(code).toLowerCase()).voucherCode).toBe(code);
    expect(parseOrderQuery(" 7kq4 mz8c rt2" + code.slice(-1)).voucherCode).toBe(code);
    expect(parseOrderQuery("0042").voucherCode).toBeNull();
  });

  it("searches the numbers only with what can be part of one (day, dash, sequence)", () => {
    for (const fragment of ["20261126-0001", "1126-00", "0042", "-0042", "20261126", "1126-"])
      expect(couldBeInNumber(fragment)).toBe(true);
    // A WeChat Pay transaction id, a word, a voucher code, two dashes, nine digits before a dash.
    for (const fragment of [
      "4200001234202611261234567890",
      "latte",
      "MXRZ-KUN2-NQRJ",
      "1126-00-1",
      "020261126-0001",
      " 0042",
      "",
    ])
      expect(couldBeInNumber(fragment)).toBe(false);
  });
});
