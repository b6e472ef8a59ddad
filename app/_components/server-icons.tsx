import "server-only";
import type { ReactNode, SVGProps } from "react";

/**
 * The icons of the pages nobody is signed in on (the customer's pages, sign-in) and of the root
 * layout (every page's), drawn by the server as plain SVG. lucide-react's icon is a client component, so each one a server
 * component draws ships its renderer to the browser; these ship nothing but their markup. The
 * drawings are Lucide's (lucide.dev, ISC licence), at its 24-unit grid and stroke, so they
 * look as the console's icons do. For decoration only: always hidden from screen readers.
 */
type IconProps = Omit<SVGProps<SVGSVGElement>, "children">;

function icon(shapes: ReactNode) {
  return function ServerIcon(props: IconProps) {
    return (
      <svg
        width={24}
        height={24}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden
        {...props}
      >
        {shapes}
      </svg>
    );
  };
}

const circle = <circle cx="12" cy="12" r="10" />;
const ticket = (
  <path d="M2 9a3 3 0 0 1 0 6v2a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-2a3 3 0 0 1 0-6V7a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2Z" />
);

export const ArrowLeftIcon = icon(<path d="m12 19-7-7 7-7M19 12H5" />);
export const BanIcon = icon(
  <>
    {circle}
    <path d="M4.929 4.929 19.07 19.071" />
  </>,
);
export const CheckIcon = icon(<path d="M20 6 9 17l-5-5" />);
export const CircleCheckIcon = icon(
  <>
    {circle}
    <path d="m16 9-5.5 5.5L8 12" />
  </>,
);
export const ClockIcon = icon(
  <>
    {circle}
    <path d="M12 6v6l4 2" />
  </>,
);
export const ClockAlertIcon = icon(
  <path d="M12 6v6l4 2M20 12v5M20 21h.01M21.25 8.2A10 10 0 1 0 16 21.16" />,
);
export const FlaskConicalIcon = icon(
  <path d="M14 2v6a2 2 0 0 0 .245.96l5.51 10.08A2 2 0 0 1 18 22H6a2 2 0 0 1-1.755-2.96l5.51-10.08A2 2 0 0 0 10 8V2M6.453 15h11.094M8.5 2h7" />,
);
export const LanguagesIcon = icon(
  <path d="m5 8 6 6M4 14l6-6 2-3M2 5h12M7 2h1M22 22l-5-10-5 10M14 18h6" />,
);
export const LinkIcon = icon(
  <path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />,
);
export const LoaderCircleIcon = icon(<path d="M21 12a9 9 0 1 1-6.219-8.56" />);
export const PrinterIcon = icon(
  <>
    <path d="M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2M6 9V3a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v6" />
    <rect x="6" y="14" width="12" height="8" rx="1" />
  </>,
);
export const RotateCcwIcon = icon(
  <path d="M3 12a9 9 0 1 0 9-9 9.75 9.75 0 0 0-6.74 2.74L3 8M3 3v5h5" />,
);
export const StarIcon = icon(
  <path d="M11.525 2.295a.53.53 0 0 1 .95 0l2.31 4.679a2.123 2.123 0 0 0 1.595 1.16l5.166.756a.53.53 0 0 1 .294.904l-3.736 3.638a2.123 2.123 0 0 0-.611 1.878l.882 5.14a.53.53 0 0 1-.771.56l-4.618-2.428a2.122 2.122 0 0 0-1.973 0L6.396 21.01a.53.53 0 0 1-.77-.56l.881-5.139a2.122 2.122 0 0 0-.611-1.879L2.16 9.795a.53.53 0 0 1 .294-.906l5.165-.755a2.122 2.122 0 0 0 1.597-1.16z" />,
);
export const StoreIcon = icon(
  <path d="M15 21v-5a1 1 0 0 0-1-1h-4a1 1 0 0 0-1 1v5M17.774 10.31a1.12 1.12 0 0 0-1.549 0 2.5 2.5 0 0 1-3.451 0 1.12 1.12 0 0 0-1.548 0 2.5 2.5 0 0 1-3.452 0 1.12 1.12 0 0 0-1.549 0 2.5 2.5 0 0 1-3.77-3.248l2.889-4.184A2 2 0 0 1 7 2h10a2 2 0 0 1 1.653.873l2.895 4.192a2.5 2.5 0 0 1-3.774 3.244M4 10.95V19a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8.05" />,
);
export const TicketIcon = icon(
  <>
    {ticket}
    <path d="M13 5v2M13 17v2M13 11v2" />
  </>,
);
export const TicketCheckIcon = icon(
  <>
    {ticket}
    <path d="m9 12 2 2 4-4" />
  </>,
);
export const TicketXIcon = icon(
  <>
    {ticket}
    <path d="m9.5 14.5 5-5M9.5 9.5l5 5" />
  </>,
);
export const TriangleAlertIcon = icon(
  <path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3M12 9v4M12 17h.01" />,
);
export const WalletIcon = icon(
  <path d="M19 7V4a1 1 0 0 0-1-1H5a2 2 0 0 0 0 4h15a1 1 0 0 1 1 1v4h-3a2 2 0 0 0 0 4h3a1 1 0 0 0 1-1v-2a1 1 0 0 0-1-1M3 5v14a2 2 0 0 0 2 2h15a1 1 0 0 0 1-1v-4" />,
);
