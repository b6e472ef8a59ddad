"use client";

import { useLoadErrorTexts } from "./_components/load-error-texts";

/** The pay page could not be loaded (server trouble): the customer can simply try again. */
export default function PayPageError({ reset }: { error: Error; reset: () => void }) {
  const t = useLoadErrorTexts();
  return (
    <main
      role="alert"
      className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 px-4 text-center"
    >
      <h1 className="text-xl font-semibold">{t.heading}</h1>
      <p className="text-muted-foreground text-sm">{t.body}</p>
      <button type="button" className={t.retryClass} onClick={reset}>
        {t.retry}
      </button>
    </main>
  );
}
