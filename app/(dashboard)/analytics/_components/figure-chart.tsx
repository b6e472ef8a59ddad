"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface FigureChartProps {
  data: Record<string, string | number>[];
  /** The field on the horizontal axis (a day, a method's label). */
  xKey: string;
  bars: { key: string; name: string; fill: string }[];
  yUnit?: string;
  yWidth: number;
  /** The tooltip's text for a value (by default the value as it is). */
  formatValue?: (value: number) => string;
}

/**
 * A bar chart of the figures its page also shows as a table (the chart is decoration for
 * sighted users: `aria-hidden` where it is placed). Recharts is most of the analytics page's
 * script, so this module is loaded only when a chart is on screen (see figure-chart-lazy.tsx).
 */
export function FigureChart({ data, xKey, bars, yUnit, yWidth, formatValue }: FigureChartProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} fontSize={12} />
        <YAxis unit={yUnit} fontSize={12} width={yWidth} />
        <Tooltip formatter={formatValue ? (v) => formatValue(Number(v)) : undefined} />
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.fill} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
