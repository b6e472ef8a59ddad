"use client";

import { useTranslations } from "next-intl";
import QRCode from "qrcode";
import { useEffect, useState } from "react";

/** A QR code of this very page, for the customer's wallet app to scan. */
export function PageQr() {
  const t = useTranslations("pay");
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(window.location.href, { type: "svg", margin: 1, width: 192 }).then(
      (markup) => {
        if (live) setSvg(markup);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <div
      role="img"
      aria-label={t("qrLabel")}
      className="bg-card size-48 rounded-lg border p-2 [&_svg]:size-full"
      // The markup is qrcode's own SVG (paths only), built from this page's address.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
