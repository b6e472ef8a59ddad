"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { BookOpenIcon, CameraIcon, Volume2Icon, VolumeXIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useEffectEvent, useState, type ChangeEvent } from "react";
import { PageHeader } from "@/app/_components/page-header";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { buttonLine } from "@/app/_components/ui/button-class";
import { cn } from "@/app/_lib/cn";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTypedBeforeHydration } from "@/app/_lib/use-typed-before-hydration";
import { useTRPC } from "@/app/_trpc/client";
import { parseCode } from "@/server/vouchers/voucher-code.logic";
import { beep, counterDeviceId, useSoundPreference } from "../_lib/counter-device";
import { CameraScanner } from "./camera-scanner";
import { RecentRedemptions } from "./recent-redemptions";
import { VerdictPanel, type Verdict } from "./verdict-panel";

/**
 * The counter's redeem screen. One large input keeps the focus, so a scanner gun (which types
 * the code and Enter) works without touching the screen. Two steps: Enter checks the code and
 * shows what it is for; Enter again (or the button) redeems it.
 */
export function RedeemScreen({
  stores,
  initialStoreId,
  sentCode,
  canReverse,
  helpHref,
}: {
  stores: { id: string; name: string }[];
  initialStoreId: string | null;
  /** A code the browser submitted before this script ran (the address's `code`): checked on arrival. */
  sentCode?: string;
  canReverse: boolean;
  /** The training guide for this screen, once there is one. */
  helpHref?: string;
}) {
  const t = useTranslations("redeem");
  const errorMessage = useErrorMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [storeId, setStoreId] = useState(initialStoreId);
  const [code, setCode] = useState(sentCode ?? "");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  /** The code the current verdict is about (normalised), so Enter on it confirms. */
  const [checkedCode, setCheckedCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The error is a code-guessing block this person may lift: link to where they do it. */
  const [canLiftBlock, setCanLiftBlock] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [sound, setSound] = useSoundPreference();

  useEffect(() => {
    focusInput();
    // Back to the input whenever the tab or window regains focus (after a dialog, another app).
    window.addEventListener("focus", focusInput);
    return () => window.removeEventListener("focus", focusInput);
  }, []);

  const answer = (next: Verdict, code: string | null) => {
    setVerdict(next);
    setCheckedCode(next.result === "valid" ? code : null);
    setError(null);
    if (sound && next.result !== "valid") beep(next.result === "redeemed" ? "ok" : "refused");
  };
  const fail = (err: unknown) => {
    setVerdict(null);
    setCheckedCode(null);
    setError(errorMessage(err));
    setCanLiftBlock(
      (err as { data?: { messageKey?: string | null } } | null)?.data?.messageKey ===
        "tooManyWrongCodesCanLift",
    );
    if (sound) beep("refused");
  };

  const check = useMutation(
    trpc.vouchers.check.mutationOptions({
      onSuccess: (next, input) => answer(next, normalised(input.code)),
      onError: fail,
    }),
  );
  const redeem = useMutation(
    trpc.vouchers.redeem.mutationOptions({
      onSuccess: (next) => {
        answer(next, null);
        if (next.result === "redeemed") setCode("");
        void queryClient.invalidateQueries(trpc.vouchers.redemptions.pathFilter());
      },
      onError: fail,
      onSettled: focusInput,
    }),
  );
  const busy = check.isPending || redeem.isPending;

  const submit = (raw: string) => {
    if (!storeId || busy || !raw.trim()) return;
    const input = { code: raw, storeId, deviceId: counterDeviceId() };
    if (checkedCode && normalised(raw) === checkedCode) redeem.mutate(input);
    else check.mutate(input);
  };
  const confirm = () => {
    if (storeId && checkedCode)
      redeem.mutate({ code: checkedCode, storeId, deviceId: counterDeviceId() });
  };
  const checkSent = useEffectEvent(() => {
    if (!sentCode) return;
    // The address forgets the code: a reload must not check it again.
    window.history.replaceState(window.history.state, "", window.location.pathname);
    submit(sentCode);
  });
  useEffect(() => checkSent(), []);
  const onCodeChange = (e: ChangeEvent<HTMLInputElement>) => {
    setCode(e.target.value);
    if (verdict && normalised(e.target.value) !== checkedCode) setCheckedCode(null);
  };
  const codeField = useTypedBeforeHydration(undefined, { value: code, onChange: onCodeChange });
  const clear = () => {
    setCode("");
    setVerdict(null);
    setCheckedCode(null);
    setError(null);
    focusInput();
  };

  if (!storeId) {
    return (
      <div className="mx-auto flex max-w-3xl flex-col gap-6">
        <PageHeader title={t("title")} />
        <p className="bg-muted rounded-lg p-4">{t("noStore")}</p>
      </div>
    );
  }

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-5">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            {helpHref ? (
              <a href={helpHref} className={cn(buttonVariants({ variant: "ghost", size: "sm" }))}>
                <BookOpenIcon aria-hidden />
                {t("help")}
              </a>
            ) : null}
            <Button variant="ghost" size="sm" aria-pressed={sound} onClick={() => setSound(!sound)}>
              {sound ? <Volume2Icon aria-hidden /> : <VolumeXIcon aria-hidden />}
              {sound ? t("soundOn") : t("soundOff")}
            </Button>
          </>
        }
      />

      {stores.length > 1 ? (
        <div className="flex items-center gap-3">
          <Label htmlFor="redeem-store" className="shrink-0">
            {t("store")}
          </Label>
          <NativeSelect
            id="redeem-store"
            value={storeId}
            onChange={(e) => {
              setStoreId(e.target.value);
              clear();
            }}
            className="max-w-xs"
          >
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}

      {/* Side by side only from lg: from md the sidebar leaves an upright tablet about 500 px,
          too little for the whole code beside the buttons. */}
      <form
        className="flex flex-col gap-3 lg:flex-row"
        onSubmit={(e) => {
          e.preventDefault();
          submit(code);
        }}
      >
        <label htmlFor={codeInputId} className="sr-only">
          {t("codeLabel")}
        </label>
        <input
          id={codeInputId}
          name="code"
          value={code}
          {...codeField}
          onKeyDown={(e) => {
            if (e.key === "Escape") clear();
          }}
          onBlur={(e) => {
            // Keep the focus for the scanner gun, unless the cashier moved to another control.
            if (!e.relatedTarget) setTimeout(focusInput, 0);
          }}
          placeholder={t("codePlaceholder")}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          className="border-input bg-card focus-visible:border-ring focus-visible:ring-ring/50 h-16 w-full min-w-0 rounded-xl border-2 px-4 font-mono text-2xl tracking-wider uppercase outline-none placeholder:text-lg placeholder:tracking-normal placeholder:normal-case focus-visible:ring-4 lg:text-3xl"
        />
        <div className="flex gap-3">
          <Button
            type="submit"
            size="none"
            className={`${buttonLine} h-16 flex-1 justify-center gap-2 px-6 text-lg`}
            disabled={busy}
          >
            {checkedCode && normalised(code) === checkedCode ? t("redeem") : t("check")}
          </Button>
          <Button
            type="button"
            size="none"
            variant="outline"
            className={`${buttonLine} h-16 shrink-0 justify-center gap-2 px-5 text-base`}
            onClick={() => setScanning(true)}
            aria-label={t("scan")}
          >
            <CameraIcon aria-hidden className="size-6" />
            <span className="hidden sm:inline">{t("scan")}</span>
          </Button>
        </div>
      </form>

      {error ? (
        <p
          role="alert"
          className="border-destructive bg-destructive/10 rounded-2xl border-4 p-5 text-lg font-semibold"
        >
          {error}
          {canLiftBlock ? (
            <PlainLink
              href="/vouchers#code-blocks"
              className="mt-2 block text-base font-medium underline underline-offset-4"
            >
              {t("openBlocks")}
            </PlainLink>
          ) : null}
        </p>
      ) : null}

      {verdict ? (
        <VerdictPanel
          verdict={verdict}
          actions={
            verdict.result === "valid" ? (
              <div className="flex flex-col gap-3 sm:flex-row">
                <Button
                  size="none"
                  className={`${buttonLine} h-14 flex-1 justify-center gap-2 px-6 text-lg`}
                  onClick={confirm}
                  disabled={busy}
                >
                  {t("confirmRedeem")}
                </Button>
                <Button
                  size="none"
                  variant="outline"
                  className={`${buttonLine} h-14 shrink-0 justify-center gap-2 px-6 text-base`}
                  onClick={clear}
                >
                  {t("cancel")}
                </Button>
              </div>
            ) : null
          }
        />
      ) : (
        <p className="text-muted-foreground text-center">{t("idle")}</p>
      )}

      <RecentRedemptions storeId={storeId} canReverse={canReverse} onChanged={focusInput} />

      <Dialog open={scanning} onOpenChange={setScanning}>
        <DialogContent closeLabel={t("camera.close")}>
          <DialogHeader>
            <DialogTitle>{t("camera.title")}</DialogTitle>
            <DialogDescription>{t("camera.hint")}</DialogDescription>
          </DialogHeader>
          {scanning ? (
            <CameraScanner
              onCode={(scanned) => {
                setScanning(false);
                setCode(scanned);
                submit(scanned);
              }}
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}

const codeInputId = "voucher-code";

/** Back to the code input: the scanner gun types wherever the focus is. */
function focusInput() {
  document.getElementById(codeInputId)?.focus();
}

/** The code as the server will read it, to tell "the same code again" (confirm) from a new one. */
function normalised(raw: string): string | null {
  const parsed = parseCode(raw);
  return parsed.ok ? parsed.code : raw.trim().toUpperCase();
}
