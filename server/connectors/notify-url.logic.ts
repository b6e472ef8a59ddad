/** The notify URL to paste into the provider's console: one per method. */
export function notifyUrl(publicUrl: string, kind: string, methodId: string): string {
  return new URL(`/api/webhooks/${kind}/${methodId}`, publicUrl).toString();
}
