import { TriangleAlertIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { DemoDataRemoval } from "./demo-data-removal";

/**
 * The danger zone of a shop that started as the demo: delete the demo history and the demo
 * people, keep the shop. What goes and what stays is said here; the form comes on request.
 */
export async function DemoDataCard({
  shopName,
  signedInAsDemoAccount,
}: {
  shopName: string;
  signedInAsDemoAccount: boolean;
}) {
  const t = await getTranslations("demoData");
  return (
    <Card className="border-destructive/40">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <TriangleAlertIcon className="text-destructive size-5" aria-hidden />
          {t("title")}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <ul className="text-muted-foreground list-disc pl-5 text-sm">
          <li>{t("deletes")}</li>
          <li>{t("keeps")}</li>
        </ul>
        <DemoDataRemoval
          shopName={shopName}
          signedInAsDemoAccount={signedInAsDemoAccount}
          openLabel={t("open")}
        />
      </CardContent>
    </Card>
  );
}
