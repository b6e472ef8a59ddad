import type { LucideIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { buttonVariants } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";

/** A card on the settings page that leads to a page of its own (operations, the audit log). */
export function SettingsLinkCard({
  icon: Icon,
  title,
  description,
  href,
  open,
}: {
  icon: LucideIcon;
  title: string;
  description: string;
  href: string;
  open: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Icon className="size-5" aria-hidden />
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex justify-end">
        <PlainLink href={href} className={buttonVariants({ variant: "outline" })}>
          {open}
        </PlainLink>
      </CardContent>
    </Card>
  );
}
