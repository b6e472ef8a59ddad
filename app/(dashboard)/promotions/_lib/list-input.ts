/** Promotions a page of the list shows: the page prefetches the first one with the same input. */
export const promotionsPageSize = 20;
