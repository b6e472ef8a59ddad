import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/env";
import {
  contentSecurityPolicy,
  isPayPage,
  strictTransportSecurity,
} from "@/server/http/security-headers.logic";
import { customerPageHeader, isCustomerPage } from "@/server/http/customer-locale.logic";

/**
 * Every page gets a fresh nonce in its Content-Security-Policy; Next.js reads it from the
 * request's header while rendering and puts it on its own scripts. HSTS rides along when the
 * page came over https. The customer's pages are marked, for their language (app/_i18n/request.ts).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = request.nextUrl.protocol === "https:";
  const policy = contentSecurityPolicy({
    nonce,
    https,
    dev: env.NODE_ENV === "development",
    stripe: isPayPage(request.nextUrl.pathname),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  // Only the proxy says which pages are the customer's: a header sent by the browser is dropped.
  requestHeaders.delete(customerPageHeader);
  if (isCustomerPage(request.nextUrl.pathname)) requestHeaders.set(customerPageHeader, "1");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  const hsts = strictTransportSecurity(https, env.HSTS_MAX_AGE);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API answers are not documents, static files carry no scripts to vouch for.
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
