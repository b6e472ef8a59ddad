import { createServer } from "node:http";
import { FakeLedger } from "@/test/fake-providers/shared";
import { FakeStripe } from "@/test/fake-providers/stripe";

/**
 * Stripe's API as the e2e server reaches it: the same local fake the server tests use
 * (test/fake-providers/stripe.ts), served over HTTP on a loopback port of the test's own.
 */
export async function startStripeApi() {
  const ledger = new FakeLedger();
  const stripe = new FakeStripe(ledger);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const answer = url.pathname.startsWith("/stripe/")
        ? stripe.api(
            req,
            url.pathname.slice("/stripe".length),
            Buffer.concat(chunks).toString("utf8"),
            url.searchParams,
          )
        : { status: 404, body: "{}" };
      res.writeHead(answer.status, answer.headers ?? { "content-type": "application/json" });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    stripe,
    ledger,
    /** What the seed route configures the test's Stripe method with. */
    methodOptions: { apiBaseUrl: `http://127.0.0.1:${port}/stripe`, ...stripe.credentials() },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type StripeApi = Awaited<ReturnType<typeof startStripeApi>>;
