import { getSecrets } from "@/server/config/secrets";
import { merchantCustomerKey } from "./customer-key.logic";

const cache = new Map<string, Buffer>();

/** The merchant's customer key from this server's secret (ENCRYPTION_KEY), cached per process. */
export function customerKeyOf(merchantId: string): Buffer {
  let key = cache.get(merchantId);
  if (!key) {
    key = merchantCustomerKey(getSecrets().encryptionKey, merchantId);
    cache.set(merchantId, key);
  }
  return key;
}
