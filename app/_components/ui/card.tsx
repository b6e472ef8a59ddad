import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";

/*
 * Each part has its look, or another the variant names, so that a caller adds classes without
 * overriding any: `bare` leaves the part only the caller's classes.
 */

const cardLooks = {
  default: "bg-card text-card-foreground rounded-xl border shadow-xs",
  /** A notice's own colours, given by the caller (`bg-…`, `text-…`, `border-…`). */
  tinted: "rounded-xl border shadow-xs",
};

export function Card({
  className,
  variant = "default",
  ...props
}: ComponentProps<"section"> & { variant?: keyof typeof cardLooks }) {
  return <section data-slot="card" className={cn(cardLooks[variant], className)} {...props} />;
}

const cardHeaderLooks = {
  default: "flex flex-col gap-1.5 p-5 pb-3",
  /** Less room below: a title close to what it heads. */
  tight: "flex flex-col gap-1.5 p-5 pb-2",
  bare: "",
};

export function CardHeader({
  className,
  variant = "default",
  ...props
}: ComponentProps<"div"> & { variant?: keyof typeof cardHeaderLooks }) {
  return (
    <div data-slot="card-header" className={cn(cardHeaderLooks[variant], className)} {...props} />
  );
}

const cardTitleSizes = {
  default: "text-base leading-tight",
  lg: "text-lg",
  /** A headline figure. */
  figure: "text-2xl",
};

export function CardTitle({
  className,
  size = "default",
  ...props
}: ComponentProps<"h2"> & { size?: keyof typeof cardTitleSizes }) {
  return (
    <h2
      data-slot="card-title"
      className={cn("font-semibold", cardTitleSizes[size], className)}
      {...props}
    />
  );
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return (
    <p
      data-slot="card-description"
      className={cn("text-muted-foreground text-sm", className)}
      {...props}
    />
  );
}

const cardContentLooks = { default: "p-5 pt-2", bare: "" };

export function CardContent({
  className,
  variant = "default",
  ...props
}: ComponentProps<"div"> & { variant?: "default" | "bare" }) {
  return (
    <div data-slot="card-content" className={cn(cardContentLooks[variant], className)} {...props} />
  );
}
