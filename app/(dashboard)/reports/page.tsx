import { redirect } from "next/navigation";

/**
 * The area's address, typed or kept from a bookmark, opens its one report: the navigation
 * links to the daily report itself, so /reports had no page and answered "not found".
 */
export default function ReportsIndex() {
  redirect("/reports/daily");
}
