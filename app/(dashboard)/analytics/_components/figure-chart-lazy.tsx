"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/app/_components/ui/skeleton";

/** The chart, fetched when the tab that shows one renders it (not with the page's first script). */
export const LazyFigureChart = dynamic(() => import("./figure-chart").then((m) => m.FigureChart), {
  ssr: false,
  loading: () => <Skeleton className="size-full" />,
});
