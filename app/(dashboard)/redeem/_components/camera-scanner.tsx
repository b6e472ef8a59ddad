"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef, useState } from "react";

/** The browser's own QR reader, where it exists (Chrome on Android, Safari 17+ on iOS). */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => BarcodeDetectorLike;
  }
}

type Reader = (video: HTMLVideoElement) => Promise<string | null>;

/** BarcodeDetector where the browser has it, else jsQR on downscaled video frames. */
async function makeReader(): Promise<Reader> {
  if (window.BarcodeDetector) {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a canvas always yields its 2d context (null only for an unknown context type)
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  return async (video) => {
    // 640 px across is plenty for a QR held up to the camera, and keeps a phone cool.
    const scale = Math.min(1, 640 / (video.videoWidth || 640));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    if (!canvas.width || !canvas.height) return null;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return (
      jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data ?? null
    );
  };
}

/** The back camera in a box; calls `onCode` once with the first QR it reads. */
export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const t = useTranslations("redeem.camera");
  const videoRef = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<"denied" | "unavailable" | "insecure" | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    void (async () => {
      // Browsers give the camera only to https pages and localhost: a tablet that opens the
      // console by the shop's LAN address over http has none, whatever camera it has.
      if (!window.isSecureContext) {
        setProblem("insecure");
        return;
      }
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem("unavailable");
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch (err) {
        setProblem(
          err instanceof DOMException && err.name === "NotAllowedError" ? "denied" : "unavailable",
        );
        return;
      }
      const video = videoRef.current;
      if (stopped || !video) return;
      video.srcObject = stream;
      await video.play().catch(() => undefined);
      const read = await makeReader();
      const tick = async () => {
        if (stopped) return;
        const code = await read(video).catch(() => null);
        if (code && !stopped) {
          stopped = true;
          onCodeRef.current(code);
          return;
        }
        timer = setTimeout(() => void tick(), 150);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  if (problem) {
    return (
      <p role="alert" className="bg-muted rounded-lg p-4 text-sm">
        {t(problem)}
      </p>
    );
  }
  return (
    <div className="relative overflow-hidden rounded-lg bg-black">
      <video ref={videoRef} muted playsInline className="aspect-square w-full object-cover" />
      <div
        aria-hidden
        className="pointer-events-none absolute inset-[18%] rounded-xl border-4 border-white/80"
      />
      <p className="sr-only" aria-live="polite">
        {t("looking")}
      </p>
    </div>
  );
}
