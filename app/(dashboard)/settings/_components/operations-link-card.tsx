import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonVariants } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";

/** Settings → Operations: the owner's way to the install's database, backups and jobs. */
export async function OperationsLinkCard() {
  const t = await getTranslations("operations");
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ActivityIcon className="size-5" aria-hidden />
          {t("link")}
        </CardTitle>
        <CardDescription>{t("linkDescription")}</CardDescription>
      </CardHeader>
      <CardContent className="flex justify-end">
        <Link href="/settings/operations" className={buttonVariants({ variant: "outline" })}>
          {t("open")}
        </Link>
      </CardContent>
    </Card>
  );
}
