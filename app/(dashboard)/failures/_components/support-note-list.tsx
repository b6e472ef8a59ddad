"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { MessageSquareIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { PageHeader } from "@/app/_components/page-header";
import { Button } from "@/app/_components/ui/button";
import { KeysetPager, useCursorTrail } from "@/app/_components/keyset-pager";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { NoteItem } from "./support-notes";

/** The follow-up list: open notes across orders (or the resolved ones), newest first. */
export function SupportNoteList() {
  const t = useTranslations("failures.notes");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState<"open" | "resolved">("open");
  const trail = useCursorTrail((key) => t(key));
  const list = useQuery(
    trpc.support.list.queryOptions(
      { status, cursor: trail.cursor },
      { placeholderData: keepPreviousData },
    ),
  );
  const resolve = useMutation(
    trpc.support.resolve.mutationOptions({
      onSuccess: () => {
        toast.success(t("resolvedToast"));
        void queryClient.invalidateQueries({ queryKey: trpc.support.list.queryKey() });
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("listTitle")} description={t("listDescription")} />
      <div role="group" aria-label={t("show")} className="flex gap-2">
        {(["open", "resolved"] as const).map((s) => (
          <Button
            key={s}
            variant={status === s ? "default" : "outline"}
            aria-pressed={status === s}
            onClick={() => {
              setStatus(s);
              trail.restart();
            }}
          >
            {t(`status.${s}`)}
          </Button>
        ))}
      </div>
      {list.isPending ? (
        <Skeleton className="h-48" aria-busy="true" />
      ) : list.isError ? (
        <Card role="alert" className="p-5 text-sm">
          {errorMessage(list.error)}
        </Card>
      ) : list.data.rows.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 px-5 py-12 text-center">
          <MessageSquareIcon className="text-muted-foreground size-10" aria-hidden />
          <p className="font-medium">{t(status === "open" ? "emptyOpen" : "emptyResolved")}</p>
          <p className="text-muted-foreground max-w-sm text-sm">{t("emptyHint")}</p>
        </Card>
      ) : (
        <>
          <Card className={cn("p-4 md:p-5", list.isPlaceholderData && "opacity-60")}>
            <ul className="flex flex-col divide-y">
              {list.data.rows.map((n) => (
                <NoteItem
                  key={n.id}
                  note={n}
                  resolving={resolve.isPending}
                  onResolve={() => resolve.mutate({ noteId: n.id })}
                  header={
                    <PlainLink
                      href={`/orders/${n.orderId}`}
                      className="font-mono font-medium hover:underline"
                    >
                      {n.orderNumber}
                    </PlainLink>
                  }
                />
              ))}
            </ul>
          </Card>
          <KeysetPager {...trail.pager(list)} />
        </>
      )}
    </div>
  );
}
