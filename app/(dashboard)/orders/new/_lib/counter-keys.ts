import { quickKeyIndex } from "@/server/catalogue/catalogue.logic";

/** Where a key press types text: there a digit or a letter is the cashier's text, never a shortcut. */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !["radio", "checkbox", "button"].includes(target.type)
  );
}

/**
 * The new-order form's shortcuts, outside text fields: a digit chooses the payment method of
 * that number, a letter adds the quick key of that letter. Null for any other key.
 */
export function counterShortcut(
  event: Pick<KeyboardEvent, "key" | "target" | "altKey" | "ctrlKey" | "metaKey">,
): { method: number } | { quickKey: number } | null {
  if (event.altKey || event.ctrlKey || event.metaKey || typesText(event.target)) return null;
  if (/^[1-9]$/.test(event.key)) return { method: Number(event.key) - 1 };
  const quickKey = quickKeyIndex(event.key);
  return quickKey >= 0 ? { quickKey } : null;
}
