import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
const base = "http://127.0.0.1:3200";
for (const [locale, vp, tag] of [["zh-CN", { width: 390, height: 844 }, "phone-zh"], ["en-US", { width: 1280, height: 900 }, "wide-en"]]) {
  const ctx = await b.newContext({ locale, viewport: vp });
  const p = await ctx.newPage();
  await p.goto(base + "/sign-in");
  await p.fill("#email", "staff@demo-cafe.example");
  await p.fill("#password", "hexiao-demo");
  await p.keyboard.press("Enter");
  await p.waitForURL(base + "/");
  // hold scripts, type into the new-order form, release
  let release; const gate = new Promise((r) => (release = r));
  await p.route("**/_next/static/**/*.js", async (r) => { await gate; await r.continue(); });
  await p.goto(base + "/orders/new", { waitUntil: "domcontentloaded" });
  await p.fill("#items\\.0\\.name", "Early tea 早茶");
  await p.fill("#items\\.0\\.unitPriceMinor", "12.5");
  await p.fill("#note", locale === "zh-CN" ? "页面就绪前输入" : "typed before ready");
  release();
  await p.waitForFunction(() => !document.querySelector("button[type=submit]")?.disabled);
  await p.waitForTimeout(800);
  await p.screenshot({ path: `/tmp/ui-${tag}-neworder.png`, fullPage: true });
  console.log(tag, "note after hydration:", await p.inputValue("#note"), "| total:", await p.locator("[aria-live=polite]").first().innerText());
  await p.unroute("**/_next/static/**/*.js");
  await ctx.close();
}
await b.close();
