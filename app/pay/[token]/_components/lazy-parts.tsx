"use client";

import { lazy, Suspense, type ComponentProps } from "react";

// The parts only some requests show, their code fetched only by a page that shows them (the
// server renders their frame, they fill in once their code is in): React's lazy rather than
// next/dynamic, whose own script would cost the page more than it saves.

const PageQrCode = lazy(() =>
  import("@/app/_components/page-qr").then((m) => ({ default: m.PageQr })),
);

/** A QR to scan (the QR library): a wallet's code, or this page's. */
export function PageQr(props: ComponentProps<typeof PageQrCode>) {
  return (
    <Suspense fallback={<div className="bg-card size-48 rounded-lg border" />}>
      <PageQrCode {...props} />
    </Suspense>
  );
}

const StripeCardForm = lazy(() => import("./stripe-card").then((m) => ({ default: m.StripeCard })));

/** A card request's form (Stripe's Payment Element). */
export function StripeCard(props: ComponentProps<typeof StripeCardForm>) {
  return (
    <Suspense>
      <StripeCardForm {...props} />
    </Suspense>
  );
}

const RetryChoicesButtons = lazy(() =>
  import("./retry-choices").then((m) => ({ default: m.RetryChoices })),
);

/** A failed request's ways to try again (only a failed request shows them). */
export function RetryChoices(props: ComponentProps<typeof RetryChoicesButtons>) {
  return (
    <Suspense>
      <RetryChoicesButtons {...props} />
    </Suspense>
  );
}
