"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { PencilIcon, PlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { PageHeader } from "@/app/_components/page-header";
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
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { CatalogueDialog } from "./catalogue-dialog";
import { StoreDialog, weekdays } from "./store-dialog";

/** The stores; everyone here (owners and managers) keeps each store's quick keys. */
export function StoreManager({ canEdit, currency }: { canEdit: boolean; currency: string }) {
  const t = useTranslations("stores");
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const list = useQuery(trpc.stores.list.queryOptions());
  // The switcher and the new-order form list open stores: refresh them too.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.stores.list.queryKey() });
    router.refresh();
  };
  const onError = (err: unknown) => toast.error(errorMessage(err));
  const close = useMutation(
    trpc.stores.close.mutationOptions({
      onSuccess: () => {
        toast.success(t("closed"));
        refresh();
      },
      onError,
    }),
  );
  const reopen = useMutation(
    trpc.stores.reopen.mutationOptions({
      onSuccess: () => {
        toast.success(t("reopened"));
        refresh();
      },
      onError,
    }),
  );

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={canEdit ? t("description") : t("readOnly")}
        actions={
          canEdit ? (
            <StoreDialog
              onSaved={refresh}
              trigger={
                <Button>
                  <PlusIcon />
                  {t("add")}
                </Button>
              }
            />
          ) : null
        }
      />
      {list.isPending ? (
        <div className="flex flex-col gap-3" aria-busy="true">
          <Skeleton className="h-28" />
          <Skeleton className="h-28" />
        </div>
      ) : list.isError ? (
        <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
          <p>{errorMessage(list.error)}</p>
          <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
            {t("retry")}
          </Button>
        </Card>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {list.data.map((s) => (
            <li key={s.id}>
              {/* A name, address or header typed without a space must wrap: "anywhere" (unlike
                  break-words) also lets the grid's column shrink to the screen. */}
              <Card className="flex h-full flex-col gap-3 p-5 [overflow-wrap:anywhere]">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <h2 className="font-semibold">{s.name}</h2>
                    <p className="text-muted-foreground text-sm">{s.address ?? t("noAddress")}</p>
                  </div>
                  {s.closedAt ? (
                    <Badge variant="secondary">
                      {t("closedSince", {
                        date: format.dateTime(s.closedAt, { dateStyle: "medium" }),
                      })}
                    </Badge>
                  ) : (
                    <Badge>{t("open")}</Badge>
                  )}
                </div>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
                  {s.openingHours ? (
                    weekdays.map((d, i) => (
                      <div key={d} className="contents">
                        <dt className="text-muted-foreground">{t(`weekday.${d}`)}</dt>
                        <dd>{s.openingHours?.[i]?.join(", ") || t("dayOff")}</dd>
                      </div>
                    ))
                  ) : (
                    <>
                      <dt className="text-muted-foreground">{t("hours")}</dt>
                      <dd>{t("noHours")}</dd>
                    </>
                  )}
                </dl>
                {s.receiptHeader ? (
                  <div className="text-sm">
                    <p className="text-muted-foreground">{t("receiptHeader")}</p>
                    <p className="whitespace-pre-line">{s.receiptHeader}</p>
                  </div>
                ) : null}
                <div className="mt-auto flex flex-wrap gap-2 pt-2">
                  <CatalogueDialog store={s} currency={currency} />
                  {canEdit ? (
                    <>
                      <StoreDialog
                        store={s}
                        onSaved={refresh}
                        trigger={
                          <Button variant="outline" size="sm">
                            <PencilIcon />
                            {t("edit")}
                          </Button>
                        }
                      />
                      {s.closedAt ? (
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={reopen.isPending}
                          onClick={() => reopen.mutate({ storeId: s.id })}
                        >
                          {t("reopen")}
                        </Button>
                      ) : (
                        <AlertDialog>
                          <AlertDialogTrigger asChild>
                            <Button variant="outline" size="sm" disabled={close.isPending}>
                              {t("close")}
                            </Button>
                          </AlertDialogTrigger>
                          <AlertDialogContent>
                            <AlertDialogTitle>{t("closeTitle", { name: s.name })}</AlertDialogTitle>
                            <AlertDialogDescription>{t("closeBody")}</AlertDialogDescription>
                            <AlertDialogFooter>
                              <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
                              <AlertDialogAction onClick={() => close.mutate({ storeId: s.id })}>
                                {t("closeConfirm")}
                              </AlertDialogAction>
                            </AlertDialogFooter>
                          </AlertDialogContent>
                        </AlertDialog>
                      )}
                    </>
                  ) : null}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
