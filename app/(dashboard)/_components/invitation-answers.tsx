"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { MailIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/app/_components/ui/alert-dialog";
import { Button } from "@/app/_components/ui/button";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { cookieNames } from "@/server/http/cookie-names";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/**
 * The signed-in person's invitations to join a shop, with Join and Decline: as a section of
 * the "no shop" screen, or as a strip above the console for someone who works elsewhere.
 * Nothing shows while there are none (or, for the strip, while they load or fail: it is not
 * the page's subject, and the next visit asks again).
 */
export function InvitationAnswers({ variant }: { variant: "page" | "banner" }) {
  const t = useTranslations("invitations");
  const tRole = useTranslations("roles");
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const mine = useQuery(trpc.invitations.mine.queryOptions());
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.invitations.mine.queryKey() });

  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: ({ merchantId }, input) => {
        const shop = mine.data?.find((i) => i.id === input.invitationId)?.merchantName ?? "";
        toast.success(t("joined", { shop }));
        // Opens the shop just joined, as the shop switcher does.
        setPreferenceCookie(cookieNames.merchant, merchantId);
        queryClient.clear();
        router.push("/");
        router.refresh();
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        refresh();
      },
    }),
  );
  const decline = useMutation(
    trpc.invitations.decline.mutationOptions({
      onSuccess: () => {
        toast.success(t("declined"));
        refresh();
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        refresh();
      },
    }),
  );

  if (mine.isError && variant === "page") {
    return (
      <p role="alert" className="text-destructive text-sm">
        {t("loadError")}{" "}
        <Button variant="link" size="inline" onClick={() => void mine.refetch()}>
          {t("retry")}
        </Button>
      </p>
    );
  }
  const list = mine.data ?? [];
  if (list.length === 0) return null;
  const busy = accept.isPending || decline.isPending;
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium" });

  return (
    <section
      aria-labelledby={`invitations-${variant}`}
      className={cn(
        "flex flex-col gap-3 text-left",
        variant === "page"
          ? "bg-card w-full max-w-md rounded-xl border p-4 shadow-xs"
          : "border-b border-sky-300 bg-sky-50 px-4 py-3 text-sky-950 md:px-8",
      )}
    >
      <h2 id={`invitations-${variant}`} className="flex items-center gap-2 text-sm font-semibold">
        <MailIcon className="size-4 shrink-0" aria-hidden />
        {variant === "page" ? t("heading") : t("bannerTitle", { count: list.length })}
      </h2>
      <ul className="flex flex-col gap-3">
        {list.map((inv) => (
          <li
            key={inv.id}
            className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between"
          >
            <div className="min-w-0 text-sm">
              <p className="font-medium break-words">
                {isolatedSentence(t, "offer", { shop: inv.merchantName, role: tRole(inv.role) }, [
                  "shop",
                ])}
              </p>
              <p className="text-muted-foreground text-xs">
                {inv.invitedByName
                  ? isolatedSentence(
                      t,
                      "invitedBy",
                      { name: inv.invitedByName, date: date(inv.createdAt) },
                      ["name"],
                    )
                  : t("invitedOn", { date: date(inv.createdAt) })}
                {inv.expired ? null : ` · ${t("expiresOn", { date: date(inv.expiresAt) })}`}
              </p>
              {inv.expired ? (
                <p className="text-destructive text-xs">
                  {t("expired", { date: date(inv.expiresAt) })}
                </p>
              ) : null}
            </div>
            <div className="flex max-w-full min-w-0 flex-wrap gap-2 sm:shrink-0">
              {inv.expired ? null : (
                <Button
                  size="sm"
                  // A long shop name shortens on a phone instead of pushing the page sideways.
                  className="max-w-full"
                  disabled={busy}
                  onClick={() => accept.mutate({ invitationId: inv.id })}
                >
                  <span className="truncate">{t("accept", { shop: inv.merchantName })}</span>
                </Button>
              )}
              <AlertDialog>
                <AlertDialogTrigger asChild>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={busy}
                    aria-label={t("declineNamed", { shop: inv.merchantName })}
                  >
                    {t("decline")}
                  </Button>
                </AlertDialogTrigger>
                <AlertDialogContent>
                  <AlertDialogTitle>
                    {t("declineTitle", { shop: inv.merchantName })}
                  </AlertDialogTitle>
                  <AlertDialogDescription>{t("declineBody")}</AlertDialogDescription>
                  <AlertDialogFooter>
                    <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
                    <AlertDialogAction onClick={() => decline.mutate({ invitationId: inv.id })}>
                      {t("declineConfirm")}
                    </AlertDialogAction>
                  </AlertDialogFooter>
                </AlertDialogContent>
              </AlertDialog>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
