"use client";

import { useSyncExternalStore } from "react";

const deviceKey = "hexiao.redeem.device";
const soundKey = "hexiao.redeem.sound";

/**
 * This browser's counter device id: random, made once and kept in localStorage, sent with
 * every redemption so the log (and the brute-force guard) can tell counters apart.
 */
export function counterDeviceId(): string {
  let id = localStorage.getItem(deviceKey);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = randomDeviceId();
    localStorage.setItem(deviceKey, id);
  }
  return id;
}

/**
 * 128 random bits as 32 hex digits. Not crypto.randomUUID: browsers offer it only in a
 * secure context, and a counter tablet opening the console over plain http on the shop's
 * network is not one (the redeem screen threw on every Check there).
 */
function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const soundListeners = new Set<() => void>();

/** Whether the redeem screen beeps (a per-device choice, default on). */
export function useSoundPreference(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(
    (listener) => {
      soundListeners.add(listener);
      return () => soundListeners.delete(listener);
    },
    () => localStorage.getItem(soundKey) !== "off",
    () => true,
  );
  const set = (next: boolean) => {
    localStorage.setItem(soundKey, next ? "on" : "off");
    soundListeners.forEach((l) => l());
  };
  return [on, set];
}

let audio: AudioContext | null = null;

/** A short high tone for success, two low ones for a refusal: heard across a busy counter. */
export function beep(kind: "ok" | "refused") {
  audio ??= new AudioContext();
  const ctx = audio;
  const tones =
    kind === "ok"
      ? [{ f: 1046, at: 0 }]
      : [
          { f: 220, at: 0 },
          { f: 220, at: 0.22 },
        ];
  for (const { f, at } of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = f;
    osc.type = "square";
    gain.gain.value = 0.06;
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + at);
    osc.stop(ctx.currentTime + at + 0.16);
  }
}
