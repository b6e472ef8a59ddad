import { cn } from "@/app/_lib/cn";

/** The mark: a ticket stub with a check, for "verified and written off". */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden className={cn("text-primary", className)}>
      <rect x="2" y="7" width="28" height="18" rx="4" fill="currentColor" />
      <circle cx="2" cy="16" r="3" fill="var(--background)" />
      <circle cx="30" cy="16" r="3" fill="var(--background)" />
      <path
        d="M10.5 16.5l3.5 3.5 7.5-8"
        fill="none"
        stroke="white"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
