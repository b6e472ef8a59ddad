import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { takesPayments } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { serverCaller } from "@/server/trpc/server-caller";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { NewOrderForm } from "./_components/new-order-form";

export async function generateMetadata() {
  const t = await getTranslations("orderList");
  return { title: t("newOrder") };
}

export default async function NewOrderPage() {
  const me = await requireMerchant();
  if (!takesPayments.includes(me.merchant.role)) return <NoAccess />;
  const caller = await serverCaller();
  const [settings, { methods }] = await Promise.all([
    caller.merchant.settings(),
    caller.paymentMethods.list(),
  ]);
  const t = await getTranslations("newOrder");
  // The store chosen in the header's switcher, else the first one.
  const storeCookie = (await cookies()).get(cookieNames.store)?.value;
  const defaultStoreId =
    me.stores.find((s) => s.id === storeCookie)?.id ?? me.stores[0]?.id ?? null;
  // The shop's currency first, then any other an offered method accepts.
  const currencies = [
    settings.defaultCurrency,
    ...new Set(methods.filter((m) => m.offered).flatMap((m) => m.currencies)),
  ].filter((c, i, all) => all.indexOf(c) === i);

  return (
    // What the counter's form says (see ClientMessages): no other orders screen's sentences.
    <ClientMessages
      namespaces={[
        "newOrder",
        "orders.channel",
        "errors.amountPositive",
        "errors.blankName",
        "errors.invalidAmount",
        "errors.invalidCurrency",
        "errors.invalidDate",
        "errors.invalidMonth",
        "errors.invalidTimeZone",
        "errors.itemsOrAmount",
        "errors.orderTotalTooLarge",
        "errors.quantityRange",
        "errors.reasonRequired",
        "errors.required",
        "errors.tooLong",
        "errors.tooManyItems",
        "errors.usesRange",
        "errors.validDaysRange",
        "errors.windowRange",
      ]}
    >
      <div className="mx-auto flex max-w-3xl flex-col gap-6">
        <PageHeader title={t("title")} description={t("description")} />
        <NewOrderForm
          stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
          defaultStoreId={defaultStoreId}
          currencies={currencies}
          defaultCurrency={settings.defaultCurrency}
          methods={methods
            .filter((m) => m.offered)
            .map((m) => ({ id: m.id, label: m.label, kind: m.kind, currencies: m.currencies }))}
        />
      </div>
    </ClientMessages>
  );
}
