import type { Area } from "@/server/auth/roles.logic";

/** The icons of the header and of the sidebar's buttons, beside one per area. */
export const shellButtonIcons = [
  "menu",
  "sidebar-open",
  "sidebar-close",
  "chevrons-up-down",
  "languages",
  "flask-conical",
  "user",
] as const;

/**
 * An icon of the console's shell, drawn from the sprite public/shell-icons.svg (a symbol per
 * name) rather than by lucide-react: each of its icons is script in the shell, which every
 * console page loads. Decoration only, hidden from screen readers as lucide's are.
 */
export function ShellIcon({
  name,
  className,
}: {
  name: Area | (typeof shellButtonIcons)[number];
  className?: string;
}) {
  return (
    <svg
      className={className}
      aria-hidden
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <use href={`/shell-icons.svg#${name}`} />
    </svg>
  );
}
