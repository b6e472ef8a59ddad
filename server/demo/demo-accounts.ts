import type { Role } from "@/server/auth/roles.logic";

/** The demo shop's people: listed in the README and on the sign-in page in demo mode. */
export const demoPassword = "hexiao-demo";

export const demoAccounts: { role: Role; email: string; name: string }[] = [
  { role: "owner", email: "owner@demo-cafe.example", name: "王店长 Wang (owner)" },
  { role: "manager", email: "manager@demo-cafe.example", name: "李经理 Li (manager)" },
  { role: "staff", email: "staff@demo-cafe.example", name: "张收银 Zhang (cashier)" },
  { role: "analyst", email: "analyst@demo-cafe.example", name: "陈分析 Chen (analyst)" },
];

export const demoMerchant = {
  name: "示例咖啡馆 Demo Café",
  stores: [
    { name: "人民广场店 People's Square", address: "上海市黄浦区人民大道 1 号" },
    { name: "静安寺店 Jing'an Temple", address: "上海市静安区南京西路 1699 号" },
  ],
};

/** Alipay's and WeChat Pay's fee in yuan: the rate alone, no fixed part, no minimum or maximum. */
const rateOnlyInYuan = { CNY: { fixedMinor: 0n, minMinor: null, maxMinor: null } };

/**
 * Cash and two simulated wallets, so the demo shop takes payments before it has any provider
 * account. Fees are the providers' usual standard rate for small merchants: 0.6%.
 */
export const demoMethods = [
  {
    kind: "cash" as const,
    label: "现金 Cash",
    feeRateBps: 0,
    currencies: ["CNY"],
    settlementDelayDays: 0,
  },
  {
    kind: "sandbox" as const,
    label: "模拟支付宝 Simulated Alipay",
    feeRateBps: 60,
    feeAmounts: rateOnlyInYuan,
    currencies: ["CNY"],
    settlementDelayDays: 1,
  },
  {
    kind: "sandbox" as const,
    label: "模拟微信支付 Simulated WeChat Pay",
    feeRateBps: 60,
    feeAmounts: rateOnlyInYuan,
    currencies: ["CNY"],
    settlementDelayDays: 1,
  },
];
