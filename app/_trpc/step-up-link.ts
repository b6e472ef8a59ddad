import type { TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";

/**
 * Asks the person to confirm it's them; resolves true once they did (account.stepUp
 * succeeded), false when they closed the dialog. Set by the mounted <StepUpDialog />.
 */
type Prompt = () => Promise<boolean>;

let prompt: Prompt | null = null;
let pending: Promise<boolean> | null = null;

/** The dialog registers itself here; the link has no React of its own. */
export function registerStepUpPrompt(fn: Prompt | null) {
  prompt = fn;
}

/**
 * Opens "Confirm it's you" (several refusals at once, a batch, share one dialog). Also for the
 * few actions outside tRPC, such as the backup download's form post.
 */
export function askStepUp(): Promise<boolean> {
  if (!prompt) return Promise.resolve(false);
  pending ??= prompt().finally(() => {
    pending = null;
  });
  return pending;
}

const isStepUpRequired = (err: { data?: unknown }) =>
  (err.data as { messageKey?: unknown } | undefined)?.messageKey === "stepUpRequired";

/**
 * A sensitive mutation refused with `stepUpRequired` (server/trpc/init.ts stepUpProcedure)
 * opens "Confirm it's you" and, once confirmed, is sent again — once. Every screen's own
 * onSuccess/onError then sees the retried result, so none needs code of its own for this.
 * Closing the dialog hands the original refusal on (shown as the screen shows errors).
 */
export function stepUpLink<TRouter extends AnyRouter>(): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | null = null;
        let stopped = false;
        const run = (retried: boolean) => {
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (err) => {
              if (retried || op.type !== "mutation" || !isStepUpRequired(err)) {
                observer.error(err);
                return;
              }
              void askStepUp().then((confirmed) => {
                if (stopped) return;
                if (confirmed) run(true);
                else observer.error(err);
              });
            },
          });
        };
        run(false);
        return () => {
          stopped = true;
          current?.unsubscribe();
        };
      });
}
