import { describe, expect, it } from "vitest";
import { demoAccounts } from "./demo-accounts";
import { refuseForSharedDemoAccount } from "./shared-demo-accounts";

describe("the shared demo accounts", () => {
  const owner = demoAccounts.find((a) => a.role === "owner")!.email;

  it("are refused sign-in changes on a demo install, whatever the case of the e-mail", () => {
    expect(() => refuseForSharedDemoAccount(owner, true)).toThrow(
      expect.objectContaining({ messageKey: "demoAccountShared" }),
    );
    expect(() => refuseForSharedDemoAccount(` ${owner.toUpperCase()} `, true)).toThrow();
  });

  it("are ordinary accounts off the demo, and other accounts are never refused", () => {
    expect(() => refuseForSharedDemoAccount(owner, false)).not.toThrow();
    expect(() => refuseForSharedDemoAccount("mei@harbour.example", true)).not.toThrow();
    expect(() => refuseForSharedDemoAccount(null, true)).not.toThrow();
  });
});
