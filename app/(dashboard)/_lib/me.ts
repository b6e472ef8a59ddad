import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";

/**
 * The signed-in user with their merchant and role, for dashboard pages. Without a session
 * it redirects to sign-in (saying the session expired when a stale session cookie is present);
 * while the user must change their password, to the change-password screen; while the shop
 * asks their role for a second factor they have not set up, to its set-up screen.
 */
export const requireMe = cache(async () => {
  const user = await currentUser();
  if (!user) {
    const hadSession = (await cookies())
      .getAll()
      .some((c) => c.name.endsWith("hexiao.session_token"));
    redirect(hadSession ? "/sign-in?expired=1" : "/sign-in");
  }
  // A password someone else chose (new member, owner's reset) opens nothing until replaced.
  if (user.mustChangePassword) redirect("/change-password");
  const me = await (await serverCaller()).me.get();
  // The shop asks this role for a second factor: nothing opens until it is set up.
  if (me.merchant?.twoFactorRequired && !user.twoFactorEnabled) redirect("/two-factor-setup");
  return me;
});

export type Me = Awaited<ReturnType<typeof requireMe>>;

/**
 * `requireMe` for a page inside the dashboard, which the layout renders only for a member of
 * a merchant (others see "no merchant" instead): the merchant and role, never null.
 */
export const requireMerchant = cache(async () => {
  const me = await requireMe();
  if (!me.merchant) notFound();
  return { ...me, merchant: me.merchant };
});
