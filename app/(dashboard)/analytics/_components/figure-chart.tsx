"use client";

import { useEffect, useRef, useState } from "react";

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

const axisHeight = 24;
const top = 8;
/** Room a label on the horizontal axis needs before the next one is shown. */
const labelSpacing = 56;

/** Round steps for the vertical axis: 1, 2 or 5 times a power of ten, about four of them. */
function ticksUpTo(max: number): number[] {
  const raw = (max > 0 ? max : 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * A grouped bar chart of the figures its page also shows as a table (the chart is decoration
 * for sighted users: `aria-hidden` where it is placed), drawn as plain SVG: a charting
 * library was most of the analytics page's script for a few bars. Fills its box; drawn once
 * its width is known (in the browser), with the values in each group's hover title.
 */
export function FigureChart({ data, xKey, bars, yUnit, yWidth, formatValue }: FigureChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const values = data.flatMap((row) => bars.map((b) => Number(row[b.key]) || 0));
  const ticks = ticksUpTo(Math.max(0, ...values));
  const yMax = ticks[ticks.length - 1] ?? 1;
  const show = (v: number) => (formatValue ? formatValue(v) : String(v));

  return (
    <div ref={box} className="size-full">
      {size && size.width > yWidth ? (
        <svg width={size.width} height={size.height} className="text-muted-foreground text-xs">
          {(() => {
            const plotWidth = size.width - yWidth;
            const plotHeight = Math.max(0, size.height - axisHeight - top);
            const y = (v: number) => top + plotHeight - (v / yMax) * plotHeight;
            const slot = data.length > 0 ? plotWidth / data.length : plotWidth;
            const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, bars.length));
            const every = Math.max(1, Math.ceil(labelSpacing / slot));
            return (
              <>
                {ticks.map((tick) => (
                  <g key={tick}>
                    <line
                      x1={yWidth}
                      x2={size.width}
                      y1={y(tick)}
                      y2={y(tick)}
                      stroke="currentColor"
                      strokeOpacity={0.25}
                      strokeDasharray="3 3"
                    />
                    <text
                      x={yWidth - 6}
                      y={y(tick)}
                      textAnchor="end"
                      dominantBaseline="middle"
                      fill="currentColor"
                    >
                      {tick}
                      {yUnit}
                    </text>
                  </g>
                ))}
                {data.map((row, i) => {
                  const left = yWidth + i * slot + slot * 0.1;
                  const label = String(row[xKey] ?? "");
                  return (
                    <g key={`${label}-${i}`}>
                      <title>
                        {[
                          label,
                          ...bars.map((b) => `${b.name}: ${show(Number(row[b.key]) || 0)}`),
                        ].join("\n")}
                      </title>
                      {/* The whole slot answers the hover, not only the bars. */}
                      <rect
                        x={yWidth + i * slot}
                        y={top}
                        width={slot}
                        height={plotHeight}
                        fill="transparent"
                      />
                      {bars.map((b, j) => {
                        const v = Number(row[b.key]) || 0;
                        return (
                          <rect
                            key={b.key}
                            x={left + j * barWidth}
                            y={y(Math.max(0, v))}
                            width={barWidth}
                            height={Math.max(0, y(0) - y(Math.max(0, v)))}
                            style={{ fill: b.fill }}
                          />
                        );
                      })}
                      {i % every === 0 ? (
                        <text
                          x={yWidth + i * slot + slot / 2}
                          y={top + plotHeight + axisHeight / 2 + 2}
                          textAnchor="middle"
                          dominantBaseline="middle"
                          fill="currentColor"
                        >
                          {label}
                        </text>
                      ) : null}
                    </g>
                  );
                })}
                <line
                  x1={yWidth}
                  x2={size.width}
                  y1={y(0)}
                  y2={y(0)}
                  stroke="currentColor"
                  strokeOpacity={0.5}
                />
              </>
            );
          })()}
        </svg>
      ) : null}
    </div>
  );
}
