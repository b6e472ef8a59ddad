"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import {
  ArrowDownIcon,
  ArrowUpIcon,
  LoaderCircleIcon,
  PencilIcon,
  PlusIcon,
  Trash2Icon,
} from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
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
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/app/_components/ui/dialog";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { quickKeyFor } from "@/server/catalogue/catalogue.logic";
import { minorToMajorString, parseMajorToMinor } from "@/server/money/currency";
import type { RouterOutputs } from "../../_lib/router-types";

type Item = RouterOutputs["catalogue"]["list"][number];

/**
 * A store's usual items, the new-order form's quick keys: add, edit, switch off, reorder
 * (the order gives each its letter) and remove, with a confirmation.
 */
export function CatalogueDialog({
  store,
  currency,
}: {
  store: { id: string; name: string };
  currency: string;
}) {
  const t = useTranslations("catalogue");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<Item | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const list = useQuery({
    ...trpc.catalogue.list.queryOptions({ storeId: store.id }),
    enabled: open,
  });
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.catalogue.list.queryKey() });
  const onError = (err: unknown) => {
    setErrors(fieldErrorsOf(err));
    toast.error(errorMessage(err));
  };
  const saved = (form: HTMLFormElement | null) => {
    setErrors({});
    setEditing(null);
    form?.reset();
    refresh();
  };
  const create = useMutation(trpc.catalogue.create.mutationOptions({ onError }));
  const update = useMutation(trpc.catalogue.update.mutationOptions({ onError }));
  const move = useMutation(trpc.catalogue.move.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(
    trpc.catalogue.remove.mutationOptions({
      onSuccess: () => {
        toast.success(t("removed"));
        refresh();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const name = String(form.get("name") ?? "");
    let priceMinor: bigint;
    try {
      priceMinor = parseMajorToMinor(String(form.get("priceMinor") ?? ""), currency);
    } catch {
      setErrors({ priceMinor: t("invalidPrice") });
      return;
    }
    const done = { onSuccess: () => saved(formEl) };
    if (editing)
      update.mutate({ itemId: editing.id, name, priceMinor, enabled: editing.enabled }, done);
    else create.mutate({ storeId: store.id, name, priceMinor }, done);
  }

  const items = list.data ?? [];
  const enabledIndex = (item: Item) => items.filter((i) => i.enabled).indexOf(item);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setEditing(null);
        setErrors({});
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tCommon("close")}>
        <DialogHeader>
          <DialogTitle>{t("title", { store: store.name })}</DialogTitle>
          <DialogDescription>{t("hint")}</DialogDescription>
        </DialogHeader>
        {list.isPending ? (
          <Skeleton className="h-24" aria-busy="true" />
        ) : list.isError ? (
          <p role="alert" className="text-destructive text-sm">
            {errorMessage(list.error)}
          </p>
        ) : items.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <ol className="flex flex-col divide-y rounded-lg border" aria-label={t("items")}>
            {items.map((item, i) => {
              const key = item.enabled ? quickKeyFor(enabledIndex(item)) : null;
              return (
                <li key={item.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                  <span className="min-w-0 flex-1 break-words">
                    {key ? (
                      <kbd className="bg-muted mr-2 rounded px-1.5 font-mono text-xs uppercase">
                        {key}
                      </kbd>
                    ) : null}
                    {item.name}
                  </span>
                  <Money minor={item.priceMinor} currency={item.currency} />
                  {item.enabled ? null : <Badge variant="secondary">{t("off")}</Badge>}
                  <div className="flex gap-1">
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("moveUp", { name: item.name })}
                      disabled={i === 0 || move.isPending}
                      onClick={() => move.mutate({ itemId: item.id, direction: "up" })}
                    >
                      <ArrowUpIcon />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("moveDown", { name: item.name })}
                      disabled={i === items.length - 1 || move.isPending}
                      onClick={() => move.mutate({ itemId: item.id, direction: "down" })}
                    >
                      <ArrowDownIcon />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-pressed={item.enabled}
                      aria-label={t(item.enabled ? "switchOff" : "switchOn", { name: item.name })}
                      disabled={update.isPending}
                      onClick={() =>
                        update.mutate(
                          {
                            itemId: item.id,
                            name: item.name,
                            priceMinor: item.priceMinor,
                            enabled: !item.enabled,
                          },
                          { onSuccess: refresh },
                        )
                      }
                    >
                      {t(item.enabled ? "on" : "off")}
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("edit", { name: item.name })}
                      onClick={() => {
                        setErrors({});
                        setEditing(item);
                      }}
                    >
                      <PencilIcon />
                    </Button>
                    <AlertDialog>
                      <AlertDialogTrigger asChild>
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={t("remove", { name: item.name })}
                          disabled={remove.isPending}
                        >
                          <Trash2Icon />
                        </Button>
                      </AlertDialogTrigger>
                      <AlertDialogContent>
                        <AlertDialogTitle>{t("removeTitle", { name: item.name })}</AlertDialogTitle>
                        <AlertDialogDescription>{t("removeBody")}</AlertDialogDescription>
                        <AlertDialogFooter>
                          <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
                          <AlertDialogAction onClick={() => remove.mutate({ itemId: item.id })}>
                            {t("removeConfirm")}
                          </AlertDialogAction>
                        </AlertDialogFooter>
                      </AlertDialogContent>
                    </AlertDialog>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
        {/* Keyed by the item being edited: its values fill the fields afresh. */}
        <form
          key={editing?.id ?? "new"}
          onSubmit={onSubmit}
          noValidate
          className="grid gap-3 rounded-lg border p-3 sm:grid-cols-[1fr_8rem_auto] sm:items-end"
          aria-label={editing ? t("editTitle", { name: editing.name }) : t("addTitle")}
        >
          <Field id="name" label={t("name")} error={errors.name}>
            <Input
              id="name"
              name="name"
              maxLength={60}
              required
              defaultValue={editing?.name}
              autoComplete="off"
              {...invalidProps(errors, "name")}
            />
          </Field>
          <Field id="priceMinor" label={t("price", { currency })} error={errors.priceMinor}>
            <Input
              id="priceMinor"
              name="priceMinor"
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.00"
              defaultValue={
                editing ? minorToMajorString(editing.priceMinor, editing.currency) : undefined
              }
              {...invalidProps(errors, "priceMinor")}
            />
          </Field>
          <div className="flex gap-2">
            {editing ? (
              <Button type="button" variant="outline" onClick={() => setEditing(null)}>
                {t("cancel")}
              </Button>
            ) : null}
            <Button type="submit" disabled={pending}>
              {pending ? <LoaderCircleIcon className="animate-spin" /> : <PlusIcon />}
              {editing ? t("save") : t("add")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
