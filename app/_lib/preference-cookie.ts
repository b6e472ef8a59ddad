// Apart from auth-client.ts: the console's shell and the customer's language menu set
// preferences on every page, and neither needs the sign-in code.

/** Stores a preference (language, merchant, store) for a year. */
export function setPreferenceCookie(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
}
