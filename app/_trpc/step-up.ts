/**
 * Asks the person to confirm it's them; resolves true once they did (account.stepUp
 * succeeded), false when they closed the dialog. Set by the mounted <StepUpDialog />.
 */
type Prompt = () => Promise<boolean>;

let prompt: Prompt | null = null;
let pending: Promise<boolean> | null = null;

/** The dialog registers itself here; the console's calls have no React of their own. */
export function registerStepUpPrompt(fn: Prompt | null) {
  prompt = fn;
}

/**
 * Opens "Confirm it's you" (several refusals at once share one dialog). Also for the few
 * actions outside tRPC, such as the backup download's form post.
 */
export function askStepUp(): Promise<boolean> {
  if (!prompt) return Promise.resolve(false);
  pending ??= prompt().finally(() => {
    pending = null;
  });
  return pending;
}

const isStepUpRequired = (err: unknown) =>
  (err as { data?: { messageKey?: unknown } } | null)?.data?.messageKey === "stepUpRequired";

/**
 * A sensitive mutation refused with `stepUpRequired` (server/trpc/init.ts stepUpProcedure)
 * opens "Confirm it's you" and, once confirmed, is sent again — once. Every screen's own
 * onSuccess/onError then sees the retried result, so none needs code of its own for this.
 * Closing the dialog hands the original refusal on (shown as the screen shows errors).
 */
export async function withStepUp<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!isStepUpRequired(err) || !(await askStepUp())) throw err;
    return send();
  }
}
