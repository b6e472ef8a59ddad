import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createRequestContext, readSession } from "./context";
import { createCaller } from "./root";

// Apart from rsc.tsx's hydration helpers: the language resolver (so every page, the root
// layout included) and the customer's pages import this, and a module that imports
// the hydration boundary (HydrateQueries) makes it a client reference of every page that imports it.

/**
 * The session of the request being rendered (with the membership the merchant cookie
 * chooses), read once however many layouts, pages and the language resolver ask for it.
 */
// Not refreshed here: a server component cannot set the cookie a refresh pushes on.
const currentSession = cache(async () => readSession(await headers(), { refresh: false }));

/** The signed-in user of the request being rendered. */
export const currentUser = cache(async () => (await currentSession()).user);

/** The tRPC context of the request being rendered, shared by the caller and rsc.tsx's prefetches. */
export const createContext = cache(async () =>
  createRequestContext(await headers(), await currentSession()),
);

/** Direct calls from server components (layouts that must decide before rendering). */
export const serverCaller = cache(async () => createCaller(await createContext()));
