/**
 * How the console writes the shop's instants, shared by the browser's useShopTime and pages
 * drawn on the server (the order's history), so both write a time alike.
 */
export const shopDateTimeStyle = { dateStyle: "medium", timeStyle: "short" } as const;
/** To the second, for timelines where seconds matter. */
export const shopPreciseStyle = { dateStyle: "medium", timeStyle: "medium" } as const;
