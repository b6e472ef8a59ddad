// `npm run setup`: creates the first shop, its first store and the owner from a terminal, in the
// configured database (DATABASE_URL, else the embedded one in DATA_DIR). Asks for what is
// missing when run in a terminal; with flags only (scripts, containers) nothing is asked.
// Refuses once a shop exists.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { configuredDatabase, openDatabase } from "@/db/open";
import { env } from "@/env";
import { minPasswordLength } from "@/server/auth/password-rule";
import { DomainError } from "@/server/errors";
import { currencyOfZone } from "@/server/merchants/zone-currency";
import { createFirstShopInput } from "@/server/setup/setup.schema";
import { machineTimeZone } from "@/server/setup/setup.logic";
import { createFirstShop, needsSetup } from "@/server/setup/setup.service";

const detectedZone = machineTimeZone();

const usage = `Usage: npm run setup -- [options]   (asks for anything missing when run in a terminal)
  --shop-name NAME        the shop's name
  --time-zone ZONE        IANA time zone (default this machine's: ${detectedZone})
  --currency CODE         ISO 4217 currency (default the time zone's, else CNY)
  --language zh-CN|en     language of receipts and customer e-mails (default zh-CN)
  --store NAME            the first store's name
  --owner-name NAME       the owner's name
  --owner-email EMAIL     the owner's e-mail, used to sign in
  --password-file PATH    a file holding the owner's password ("-" reads it from standard input)`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args;
try {
  args = parseArgs({
    options: {
      "shop-name": { type: "string" },
      "time-zone": { type: "string" },
      currency: { type: "string" },
      language: { type: "string" },
      store: { type: "string" },
      "owner-name": { type: "string" },
      "owner-email": { type: "string" },
      "password-file": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${usage}`);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const target = configuredDatabase(env);

const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);

function readPasswordFile(path: string): string {
  const raw = path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  return raw.replace(/\r?\n$/, "");
}

/**
 * The terminal's answers, one line each. Lines typed or pasted ahead of their question are kept
 * in order (readline's own `question()` drops a line that arrives while no question is asked),
 * and a hidden question (the password) silences readline's echo instead of taking the terminal
 * from it, so what was typed ahead of it is kept too.
 */
function terminalAnswers() {
  let hidden = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!hidden) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  rl.on("SIGINT", () => process.exit(130)); // Ctrl-C
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question: string, { secret = false } = {}): Promise<string> {
      hidden = secret;
      if (secret) process.stdout.write(question);
      rl.setPrompt(secret ? "" : question);
      rl.prompt();
      const next = await lines.next();
      if (secret) process.stdout.write("\n");
      hidden = false;
      if (next.done) fail("\nNo answer (end of input); nothing was created.");
      return next.value;
    },
    close: () => rl.close(),
  };
}

const opened = await openDatabase(target).catch((err: unknown) =>
  fail(`Could not open the database: ${(err as Error).message}`),
);
try {
  if (!(await needsSetup(opened.db))) {
    fail("This install already has a shop: sign in as its owner to add stores and people.");
  }

  const given = {
    shopName: args["shop-name"],
    timeZone: args["time-zone"],
    currency: args.currency,
    locale: args.language,
    storeName: args.store,
    ownerName: args["owner-name"],
    ownerEmail: args["owner-email"],
    ownerPassword: args["password-file"] ? readPasswordFile(args["password-file"]) : undefined,
  };
  const defaults = {
    timeZone: detectedZone,
    // Follows the time zone chosen; CNY where the zone has no country's currency.
    currency: (timeZone: string) => currencyOfZone(timeZone) ?? "CNY",
    locale: "zh-CN",
  };

  if (interactive) {
    const answers = terminalAnswers();
    const ask = async (label: string, fallback?: string) => {
      const answer = (
        await answers.ask(fallback ? `${label} [${fallback}]: ` : `${label}: `)
      ).trim();
      return answer || fallback || "";
    };
    given.shopName ??= await ask("Shop name");
    given.timeZone ??= await ask("Time zone", defaults.timeZone);
    given.currency ??= await ask("Currency", defaults.currency(given.timeZone));
    given.locale ??= await ask("Language of receipts (zh-CN or en)", defaults.locale);
    given.storeName ??= await ask("First store's name");
    given.ownerName ??= await ask("Owner's name");
    given.ownerEmail ??= await ask("Owner's e-mail (to sign in)");
    if (given.ownerPassword === undefined) {
      const first = await answers.ask(
        `Owner's password (at least ${minPasswordLength} characters): `,
        { secret: true },
      );
      const again = await answers.ask("The password again: ", { secret: true });
      if (first !== again) fail("The two passwords are not the same; nothing was created.");
      given.ownerPassword = first;
    }
    answers.close();
  } else {
    given.timeZone ??= defaults.timeZone;
    given.currency ??= defaults.currency(given.timeZone);
    given.locale ??= defaults.locale;
    const flags: Record<string, string> = {
      shopName: "--shop-name",
      storeName: "--store",
      ownerName: "--owner-name",
      ownerEmail: "--owner-email",
      ownerPassword: "--password-file",
    };
    const missing = Object.entries(flags)
      .filter(([key]) => given[key as keyof typeof given] === undefined)
      .map(([, flag]) => flag);
    if (missing.length > 0)
      fail(`Missing ${missing.join(", ")} (no terminal to ask in).\n${usage}`);
  }

  const parsed = createFirstShopInput.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join(".")}: ${explain[i.message] ?? i.message}`,
    );
    fail(`Nothing was created:\n${lines.join("\n")}`);
  }
  const created = await createFirstShop(
    opened.db,
    { userId: null, ip: null, userAgent: "npm run setup" },
    parsed.data,
  );
  console.log(
    `Created the shop "${parsed.data.shopName}" (time zone ${parsed.data.timeZone}) with the store "${parsed.data.storeName}".\n` +
      `Start the server (npm start) and sign in as ${created.ownerEmail}.`,
  );
} catch (err) {
  process.exitCode = 1;
  console.error(
    err instanceof DomainError
      ? `Nothing was created: ${err.message}.`
      : `Setup failed: ${(err as Error).message}`,
  );
} finally {
  await opened.close();
}

/** The schema's message keys, in words for a terminal. */
const explain: Record<string, string> = {
  required: "required",
  blankName: "blank (only spaces or invisible characters)",
  tooLong: "too long",
  invalidEmail: "not an e-mail address",
  passwordTooShort: `at least ${minPasswordLength} characters`,
  invalidTimeZone: "not an IANA time zone (e.g. Asia/Shanghai)",
  invalidCurrency: "not an ISO 4217 currency (e.g. CNY)",
};
