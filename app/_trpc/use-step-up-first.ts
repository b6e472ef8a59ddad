"use client";

import { useQueryClient } from "./query-hooks";
import { useTRPC } from "./client";
import { askStepUp } from "./step-up";

/**
 * For the few sensitive actions outside tRPC (a form post, a file download), which the server
 * refuses with 403 `stepUpRequired` unless the session confirmed it's them in the last minutes:
 * resolves true when it did, or once the person confirmed in "Confirm it's you"; false when
 * they closed the dialog.
 */
export function useStepUpFirst(): () => Promise<boolean> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    const status = await queryClient.fetchQuery({
      ...trpc.account.stepUpStatus.queryOptions(),
      staleTime: 0,
    });
    return status.fresh || askStepUp();
  };
}
