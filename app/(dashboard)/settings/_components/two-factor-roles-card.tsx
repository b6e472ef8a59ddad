"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { roles, type Role } from "@/server/auth/roles.logic";
import { Checkbox } from "@/app/_components/ui/input";

/** The owner's choice of roles that must sign in with an authenticator app in this shop. */
export function TwoFactorRolesCard({
  required,
  ownEnabled,
}: {
  required: readonly Role[];
  ownEnabled: boolean;
}) {
  const t = useTranslations("settings.security");
  const tRole = useTranslations("roles");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [chosen, setChosen] = useState<Set<Role>>(new Set(required));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.merchant.updateTwoFactorRoles.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    save.mutate({ roles: roles.filter((r) => chosen.has(r)) });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <fieldset className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <legend className="sr-only">{t("title")}</legend>
            {roles.map((role) => (
              <label
                key={role}
                className="hover:bg-accent/40 flex min-h-11 cursor-pointer items-center gap-3 rounded-md border px-3 text-sm"
              >
                <Checkbox
                  checked={chosen.has(role)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(role);
                    else next.delete(role);
                    setChosen(next);
                    setError(null);
                  }}
                />
                {tRole(role)}
              </label>
            ))}
          </fieldset>
          <p className="text-muted-foreground text-sm">
            {t("yourStatus", { status: ownEnabled ? t("on") : t("off") })}
          </p>
          {error ? (
            <p
              role="alert"
              className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm"
            >
              {error}
            </p>
          ) : null}
          <div>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
              {t("save")}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
