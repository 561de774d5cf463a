import { formatInteger } from "../domain/vn-format.js";
import type { FC } from "hono/jsx";

/** One rate as the API gives it: an exact fraction and its Vietnamese text ("33,33%", "không xác định"). */
export interface RatePoint {
  numerator: number;
  denominator: number;
  text: string;
}

export interface ChartSeries {
  name: string;
  /** One per label; null or a zero denominator leaves a gap (never a misleading 0%). */
  points: (RatePoint | null)[];
}

export interface RateChartProps {
  /** Prefix of the ids the title and description get, unique on the page. */
  id: string;
  title: string;
  description: string;
  xTitle: string;
  /** Short labels under the x axis ("T3/2026"); `longLabels` name the same points in tooltips ("Tháng 3/2026"). */
  labels: string[];
  longLabels: string[];
  series: ChartSeries[];
}

const WIDTH = 600;
const PLOT = { left: 64, right: WIDTH - 20, top: 20, bottom: 256 };
/** Room under the plot for the labels (slanted when there are many) and the axis title. */
const heightFor = (slanted: boolean) => PLOT.bottom + (slanted ? 90 : 56);
const slantedFor = (labels: string[]) => labels.length > 6;
const INSET = 18;
const FONT = "Liberation Sans, Arial, sans-serif";
// Colours from the stylesheet's palette; dashes and marker shapes tell the lines apart without colour.
const COLOURS = ["#0b4f9c", "#a50f15", "#1e6b34", "#8a5a00", "#5a2d82"];
const DASHES = [undefined, "8 4", "2 4", "10 4 2 4", "4 2"];

/** The colour of the series at this index: the palette repeats past its end. */
function colourOf(index: number): string {
  const colour = COLOURS[index % COLOURS.length];
  if (colour === undefined) throw new Error(`no colour for series index ${index}`);
  return colour;
}

const fractionOf = (p: RatePoint | null | undefined): number | null =>
  p && p.denominator > 0 ? p.numerator / p.denominator : null;

/** "25%" for an axis tick; the points themselves carry the API's exact text. */
const tickText = (fraction: number) => `${Math.round(fraction * 100)}%`;

/** The scale's top: 100%, or the next quarter above a ratio that exceeds it. */
function scaleTop(series: ChartSeries[]): number {
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => fractionOf(p) ?? 0)));
  return Math.ceil(max * 4) / 4;
}

function xOf(index: number, count: number): number {
  if (count <= 1) return (PLOT.left + PLOT.right) / 2;
  return PLOT.left + INSET + (index * (PLOT.right - PLOT.left - 2 * INSET)) / (count - 1);
}

/** Runs of consecutive defined points: a line is drawn through each run, never across a gap. */
function segments(values: (number | null)[]): { index: number; value: number }[][] {
  const runs: { index: number; value: number }[][] = [];
  let current: { index: number; value: number }[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length) runs.push(current);
      current = [];
    } else current.push({ index, value });
  });
  if (current.length) runs.push(current);
  return runs;
}

const Marker: FC<{ shape: number; x: number; y: number; colour: string }> = ({ shape, x, y, colour }) => {
  const r = 4.5;
  switch (shape % 4) {
    case 1:
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={colour} />;
    case 2:
      return (
        <polygon
          points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`}
          fill={colour}
        />
      );
    case 3:
      return (
        <polygon points={`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`} fill={colour} />
      );
    default:
      return <circle cx={x} cy={y} r={r} fill={colour} />;
  }
};

/** A small sample of a series' line and marker, for the legend (the chart itself is one image). */
export const LegendKey: FC<{ index: number }> = ({ index }) => {
  const colour = colourOf(index);
  return (
    <svg width="36" height="14" viewBox="0 0 36 14" aria-hidden="true" focusable="false">
      <line
        x1="2"
        y1="7"
        x2="34"
        y2="7"
        stroke={colour}
        stroke-width="2.5"
        stroke-dasharray={DASHES[index % DASHES.length]}
      />
      <Marker shape={index} x={18} y={7} colour={colour} />
    </svg>
  );
};

const Axes: FC<{ top: number; labels: string[]; xTitle: string }> = ({ top, labels, xTitle }) => {
  const ticks = Array.from({ length: Math.round(top * 4) + 1 }, (_, i) => i / 4);
  const yOf = (v: number) => PLOT.bottom - (v / top) * (PLOT.bottom - PLOT.top);
  // At most ~12 labels fit under the axis; the data table names every point.
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const slanted = slantedFor(labels);
  return (
    <g font-family={FONT} font-size="13" fill="#1b1b1b">
      {ticks.map((t) => (
        <g>
          <line
            x1={PLOT.left}
            x2={PLOT.right}
            y1={yOf(t)}
            y2={yOf(t)}
            stroke={t === 0 ? "#5a5a5a" : "#c9c9c9"}
            stroke-width="1"
          />
          <text x={PLOT.left - 8} y={yOf(t) + 4} text-anchor="end">
            {tickText(t)}
          </text>
        </g>
      ))}
      <line x1={PLOT.left} x2={PLOT.left} y1={PLOT.top} y2={PLOT.bottom} stroke="#5a5a5a" stroke-width="1" />
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text
            x={xOf(i, labels.length)}
            y={PLOT.bottom + 18}
            text-anchor={slanted ? "end" : "middle"}
            transform={slanted ? `rotate(-35 ${xOf(i, labels.length)} ${PLOT.bottom + 18})` : undefined}
          >
            {label}
          </text>
        ) : null,
      )}
      <text
        x={16}
        y={(PLOT.top + PLOT.bottom) / 2}
        text-anchor="middle"
        transform={`rotate(-90 16 ${(PLOT.top + PLOT.bottom) / 2})`}
      >
        Tỷ lệ (%)
      </text>
      <text x={(PLOT.left + PLOT.right) / 2} y={heightFor(slanted) - 10} text-anchor="middle">
        {xTitle}
      </text>
    </g>
  );
};

/**
 * Rates over time as a line chart in inline SVG, drawn on the server (no script, no style attribute: the CSP
 * allows neither). The image has a title, a description and an aria-label; the page puts the numbers in a table
 * beside it, so nothing depends on seeing the chart.
 */
export const RateChart: FC<RateChartProps> = (p) => {
  const top = scaleTop(p.series);
  const yOf = (v: number) => PLOT.bottom - (v / top) * (PLOT.bottom - PLOT.top);
  const count = p.labels.length;
  const anything = p.series.some((s) => s.points.some((pt) => fractionOf(pt) !== null));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${heightFor(slantedFor(p.labels))}`}
      role="img"
      aria-label={p.title}
      aria-describedby={`${p.id}-desc`}
      focusable="false"
    >
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.description}</desc>
      <Axes top={top} labels={p.labels} xTitle={p.xTitle} />
      {!anything && (
        <text
          x={(PLOT.left + PLOT.right) / 2}
          y={(PLOT.top + PLOT.bottom) / 2}
          text-anchor="middle"
          font-family={FONT}
          font-size="14"
          fill="#5a5a5a"
        >
          Chưa có số liệu để tính tỷ lệ trong khoảng thời gian này
        </text>
      )}
      {p.series.map((s, si) => {
        const colour = colourOf(si);
        const values = s.points.map(fractionOf);
        return (
          <g data-series={s.name}>
            {segments(values)
              .filter((run) => run.length > 1)
              .map((run) => (
                <polyline
                  points={run.map((pt) => `${xOf(pt.index, count)},${yOf(pt.value)}`).join(" ")}
                  fill="none"
                  stroke={colour}
                  stroke-width="2.5"
                  stroke-dasharray={DASHES[si % DASHES.length]}
                />
              ))}
            {s.points.map((pt, i) => {
              const v = values[i];
              if (v === null || v === undefined || !pt) return null;
              return (
                <g class="point" data-rate={`${pt.numerator}/${pt.denominator}`}>
                  <title>{`${p.longLabels[i] ?? p.labels[i]} — ${s.name}: ${pt.text} (${formatInteger(pt.numerator)}/${formatInteger(pt.denominator)})`}</title>
                  <Marker shape={si} x={xOf(i, count)} y={yOf(v)} colour={colour} />
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
};
