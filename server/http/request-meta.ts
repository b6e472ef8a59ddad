import { env } from "@/env";
import { clientAddress } from "./client-address.logic";

/** Where a request came from, for the audit log and the sign-in throttle. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMeta(headers: Headers): RequestMeta {
  const peer = env.HEXIAO_PEER_HEADER ? headers.get(env.HEXIAO_PEER_HEADER) || null : null;
  const ip = clientAddress(headers.get("x-forwarded-for"), peer, env.TRUST_PROXY);
  return { ip, userAgent: headers.get("user-agent")?.slice(0, 400) ?? null };
}
