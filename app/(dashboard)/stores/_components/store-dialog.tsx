"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/app/_components/ui/dialog";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input, textareaClass } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface StoreValues {
  id: string;
  name: string;
  address: string | null;
  receiptHeader: string | null;
  openingHours: string[][] | null;
}

/** Adds a store (no `store`) or edits one: name, address, hours per weekday, receipt header. */
export function StoreDialog({
  store,
  trigger,
  onSaved,
}: {
  store?: StoreValues;
  trigger: ReactNode;
  onSaved: () => void;
}) {
  const t = useTranslations("stores");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const handlers = {
    onSuccess: () => {
      toast.success(store ? t("saved") : t("added"));
      setOpen(false);
      onSaved();
    },
    onError: (err: unknown) => {
      setErrors(fieldErrorsOf(err));
      setFormError(errorMessage(err));
    },
  };
  const create = useMutation(trpc.stores.create.mutationOptions(handlers));
  const update = useMutation(trpc.stores.update.mutationOptions(handlers));
  const pending = create.isPending || update.isPending;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    setErrors({});
    setFormError(null);
    const values = {
      name: text("name"),
      address: text("address"),
      receiptHeader: text("receiptHeader"),
      openingHours: weekdays.map((d) => text(`hours-${d}`)),
    };
    if (store) update.mutate({ storeId: store.id, ...values });
    else create.mutate(values);
  }

  // Only one dialog is open (mounted) at a time, so the field names serve as ids.
  const id = (name: string) => name;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setErrors({});
          setFormError(null);
        }
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent closeLabel={tCommon("close")}>
        <DialogHeader>
          <DialogTitle>{store ? t("editTitle", { name: store.name }) : t("addTitle")}</DialogTitle>
          <DialogDescription>{t("formHint")}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <Field id={id("name")} label={t("name")} error={errors.name}>
            <Input
              id={id("name")}
              name="name"
              defaultValue={store?.name}
              required
              maxLength={100}
              {...invalidProps(errors, "name")}
            />
          </Field>
          <Field id={id("address")} label={t("address")} error={errors.address}>
            <Input
              id={id("address")}
              name="address"
              defaultValue={store?.address ?? ""}
              maxLength={300}
              {...invalidProps(errors, "address")}
            />
          </Field>
          <fieldset className="flex flex-col gap-2" aria-describedby={id("hours-hint")}>
            <legend className="text-sm font-medium">{t("hours")}</legend>
            <p id={id("hours-hint")} className="text-muted-foreground text-xs">
              {t("hoursHint")}
            </p>
            <div className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2">
              {weekdays.map((d, i) => (
                <div key={d} className="contents">
                  <label htmlFor={id(`hours-${d}`)} className="text-sm">
                    {t(`weekday.${d}`)}
                  </label>
                  <Input
                    id={id(`hours-${d}`)}
                    name={`hours-${d}`}
                    defaultValue={(store?.openingHours?.[i] ?? []).join(", ")}
                    placeholder={t("hoursPlaceholder")}
                    variant="bare"
                    className="h-9 w-full text-base md:text-sm"
                    aria-invalid={errors.openingHours ? true : undefined}
                  />
                </div>
              ))}
            </div>
            {errors.openingHours ? (
              <p className="text-destructive text-sm">{errors.openingHours}</p>
            ) : null}
          </fieldset>
          <Field
            id={id("receiptHeader")}
            label={t("receiptHeader")}
            hint={t("receiptHeaderHint")}
            error={errors.receiptHeader}
          >
            <textarea
              id={id("receiptHeader")}
              name="receiptHeader"
              defaultValue={store?.receiptHeader ?? ""}
              maxLength={500}
              rows={3}
              className={textareaClass}
              {...invalidProps(errors, "receiptHeader")}
            />
          </Field>
          {formError ? (
            <p
              role="alert"
              className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm"
            >
              {formError}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
              {store ? t("save") : t("addSubmit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
