"use client";

import { useEffect, useState } from "react";

/** A QR code of this very page (or of `text`, the wallet's own code), for a wallet app to scan. */
export function PageQr({ text, label }: { text?: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // The encoder (qrcode, ~4 KB gzip) is fetched when a code is drawn, not with the page.
    void import("qrcode")
      .then(({ default: QRCode }) =>
        QRCode.toString(text ?? window.location.href, { type: "svg", margin: 1, width: 192 }),
      )
      .then((markup) => {
        if (live) setSvg(markup);
      });
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      role="img"
      aria-label={label}
      className="bg-card size-48 rounded-lg border p-2 [&_svg]:size-full"
      // The markup is qrcode's own SVG (paths only), built from an address, never from HTML.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
