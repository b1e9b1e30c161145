// What the supervisor dashboard draws from the core's `FiguresView`: Chart.js configurations (data only, nothing
// is computed that the core has not decided), the weekday × hour heatmap and small helpers for the tiles.
// Pure: imports only Chart.js *types*, so it is tested without a canvas.
import type { ChartConfiguration, TooltipItem } from "chart.js";
import type { FiguresView } from "./bindings/FiguresView";
import type { Outcome } from "./bindings/Outcome";

/** The hours always shown (service hours 8–18 and the edges); hours outside with calls widen the range. */
export const FIRST_HOUR = 7;
export const LAST_HOUR = 19;

/** Topic titles are wrapped on the axis into lines of at most this many characters (a longer word keeps its line). */
export const TOPIC_LINE_MAX = 30;

export const COLORS = {
  accent: "#0a4a86",
  accentSoft: "rgb(10 74 134 / 0.15)",
  target: "#a21f1f",
  grid: "#e2e5e9",
} as const;

export const OUTCOME_COLORS: Record<Outcome, string> = {
  answered: "#0f6b2f",
  portal_handoff: "#0a4a86",
  referred: "#6b93c4",
  forwarded: "#c98a00",
  dropped: "#8a9099",
};

type BarConfig = ChartConfiguration<"bar", number[], string>;
/** Bars whose labels are several lines (Chart.js draws each string of a label on a line of its own). */
type LinesBarConfig = ChartConfiguration<"bar", number[], string[]>;
type DoughnutConfig = ChartConfiguration<"doughnut", number[], string>;
type LineConfig = ChartConfiguration<"line", (number | null)[], string>;

/** Any configuration this module produces (what the chart wrapper accepts). */
export type FigureChartConfig = BarConfig | LinesBarConfig | DoughnutConfig | LineConfig;

const de = new Intl.NumberFormat("de-DE");
const dePercent = new Intl.NumberFormat("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1204 -> "1.204". */
export function formatCount(n: number): string {
  return de.format(n);
}

/** 71.25 -> "71,3 %" (a value already in per cent). */
export function formatPercent(value: number): string {
  return `${dePercent.format(value)} %`;
}

/** A share 0..1 as per cent with one decimal (0.7125 -> 71.3); null stays null (no calls, or withheld). */
export function toPercent(share: number | null | undefined): number | null {
  if (share === null || share === undefined || !Number.isFinite(share)) return null;
  return Math.round(share * 1000) / 10;
}

/** The target of the tile: 0.65 -> "Ziel 65 %". */
export function targetLabel(target: number): string {
  return `Ziel ${formatPercent(target * 100).replace(",0 %", " %")}`;
}

/** The hour range shown: at least 7–19, wider when calls came in earlier or later. */
export function hourRange(byHour: readonly number[], heatmap: readonly (readonly number[])[] = []): number[] {
  const busy = (h: number) => (byHour[h] ?? 0) > 0 || heatmap.some((row) => (row[h] ?? 0) > 0);
  const hours = Math.max(byHour.length, ...heatmap.map((row) => row.length), 24);
  let first = FIRST_HOUR;
  let last = LAST_HOUR;
  for (let h = 0; h < hours; h++) {
    if (!busy(h)) continue;
    first = Math.min(first, h);
    last = Math.max(last, h);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** 8 -> "08". */
export function hourLabel(hour: number): string {
  return String(hour).padStart(2, "0");
}

/**
 * A title for an axis, whole, in lines of at most `max` characters broken between words ("Geburts-, Ehe-,
 * Lebenspartnerschafts- oder Sterbeurkunde anfordern" takes three lines). Nothing is cut off.
 */
export function wrapLabel(text: string, max: number = TOPIC_LINE_MAX): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= max) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** The height of the topics chart: room for every line of every (wrapped) title, at least 8rem. */
export function topicsChartHeight(f: Pick<FiguresView, "topTopics">): string {
  const rows = f.topTopics.reduce((sum, t) => sum + Math.max(1.7, 0.5 + 0.95 * wrapLabel(t.title).length), 0);
  return `${Math.max(8, Math.round((2.5 + rows) * 10) / 10)}rem`;
}

/** What every dashboard chart shares: no animation (it refreshes every few seconds), German numbers, fills its box. */
function baseOptions() {
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    locale: "de-DE",
  };
}

/** Calls by hour of day (bars), labels "08", "09", …. */
export function hoursChart(f: Pick<FiguresView, "byHour" | "heatmap">): BarConfig {
  const hours = hourRange(f.byHour, f.heatmap);
  return {
    type: "bar",
    data: {
      labels: hours.map(hourLabel),
      datasets: [
        {
          label: "Anrufe",
          data: hours.map((h) => f.byHour[h] ?? 0),
          backgroundColor: COLORS.accent,
        },
      ],
    },
    options: {
      ...baseOptions(),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<"bar">[]) => {
              const h = hours[items[0]?.dataIndex ?? 0] ?? 0;
              return `${hourLabel(h)}:00–${hourLabel(h + 1)}:00 Uhr`;
            },
            label: (item: TooltipItem<"bar">) => `${formatCount(item.parsed.y ?? 0)} Anrufe`,
          },
        },
      },
      scales: {
        x: { grid: { display: false } },
        y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: COLORS.grid } },
      },
    },
  };
}

/** Ended calls by outcome (doughnut); the legend names the outcome and its share, both labelled by the core. */
export function outcomesChart(f: Pick<FiguresView, "outcomes">): DoughnutConfig {
  const outcomes = f.outcomes;
  return {
    type: "doughnut",
    data: {
      labels: outcomes.map((o) => `${o.label} (${o.shareLabel})`),
      datasets: [
        {
          label: "Ergebnisse",
          data: outcomes.map((o) => o.calls),
          backgroundColor: outcomes.map((o) => OUTCOME_COLORS[o.outcome]),
          borderWidth: 1,
        },
      ],
    },
    options: {
      ...baseOptions(),
      cutout: "55%",
      plugins: {
        legend: { position: "right", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<"doughnut">) => {
              const o = outcomes[item.dataIndex];
              return o ? `${o.label}: ${formatCount(o.calls)} Anrufe (${o.shareLabel})` : "";
            },
          },
        },
      },
    },
  };
}

/** The most frequent topics (horizontal bars, whole titles wrapped), each topic's first-contact rate in the tooltip. */
export function topicsChart(f: Pick<FiguresView, "topTopics">): LinesBarConfig {
  const topics = f.topTopics;
  return {
    type: "bar",
    data: {
      labels: topics.map((t) => wrapLabel(t.title)),
      datasets: [
        {
          label: "Anrufe",
          data: topics.map((t) => t.calls),
          backgroundColor: COLORS.accent,
        },
      ],
    },
    options: {
      ...baseOptions(),
      indexAxis: "y",
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<"bar">[]) => topics[items[0]?.dataIndex ?? -1]?.title ?? "",
            label: (item: TooltipItem<"bar">) => `${formatCount(item.parsed.x ?? 0)} Anrufe`,
            afterLabel: (item: TooltipItem<"bar">) => {
              const t = topics[item.dataIndex];
              return t ? `Erstlösung: ${t.firstContactLabel}` : "";
            },
          },
        },
      },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: COLORS.grid } },
        y: { grid: { display: false } },
      },
    },
  };
}

/**
 * First-contact resolution per day in per cent (gaps where a day has no figure) against the target line. A day still
 * running (`partial`, its label from the core says "bis 11:09") is drawn as a hollow point with a dashed line to it, so
 * a morning's figure does not look like a whole day's.
 */
export function firstContactTrendChart(f: Pick<FiguresView, "days" | "firstContactTarget">): LineConfig {
  const target = toPercent(f.firstContactTarget) ?? 0;
  const days = f.days;
  const single = days.length <= 1;
  return {
    type: "line",
    data: {
      labels: days.map((d) => d.label),
      datasets: [
        {
          label: "Erstlösungsquote",
          data: days.map((d) => toPercent(d.firstContact)),
          borderColor: COLORS.accent,
          backgroundColor: COLORS.accent,
          borderWidth: 2,
          pointRadius: days.map((d) => (d.partial ? 5 : single ? 4 : 2)),
          pointBackgroundColor: days.map((d) => (d.partial ? "#fff" : COLORS.accent)),
          pointBorderWidth: days.map((d) => (d.partial ? 2 : 1)),
          segment: { borderDash: (ctx) => (days[ctx.p1DataIndex]?.partial ? [4, 4] : undefined) },
          spanGaps: false,
        },
        {
          label: targetLabel(f.firstContactTarget),
          data: days.map(() => target),
          borderColor: COLORS.target,
          backgroundColor: COLORS.target,
          borderWidth: 1.5,
          borderDash: [6, 4],
          pointRadius: 0,
          pointHitRadius: 0,
        },
      ],
    },
    options: {
      ...baseOptions(),
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<"line">) =>
              item.parsed.y === null ? `${item.dataset.label}: –` : `${item.dataset.label}: ${formatPercent(item.parsed.y)}`,
            afterLabel: (item: TooltipItem<"line">) =>
              item.datasetIndex === 0 && days[item.dataIndex]?.partial ? "Tag läuft noch: Stand bisher" : "",
          },
        },
      },
      scales: {
        x: { grid: { display: false } },
        y: {
          min: 0,
          max: 100,
          ticks: { stepSize: 20, callback: (value: number | string) => `${value} %` },
          grid: { color: COLORS.grid },
        },
      },
    },
  };
}

export interface HeatCell {
  value: number;
  /** 0..1 relative to the busiest cell, for the shade. */
  level: number;
}

export interface HeatmapTable {
  hours: string[];
  rows: { label: string; cells: HeatCell[] }[];
  max: number;
}

/** The weekday × hour table: one row per weekday (Monday first, the core's labels), the hours of `hourRange`. */
export function heatmapTable(f: Pick<FiguresView, "heatmap" | "weekdayLabels" | "byHour">): HeatmapTable {
  const hours = hourRange(f.byHour, f.heatmap);
  const max = Math.max(0, ...f.heatmap.flatMap((row) => hours.map((h) => row[h] ?? 0)));
  return {
    hours: hours.map(hourLabel),
    max,
    rows: f.heatmap.map((row, i) => ({
      label: f.weekdayLabels[i] ?? "",
      cells: hours.map((h) => {
        const value = row[h] ?? 0;
        return { value, level: max > 0 ? Math.round((value / max) * 100) / 100 : 0 };
      }),
    })),
  };
}

/** Inline style of a heatmap cell: blue shaded by its level, white text on the dark end. */
export function heatCellStyle(cell: HeatCell): string {
  if (cell.value === 0) return "background-color: transparent";
  const alpha = Math.round((0.1 + 0.85 * cell.level) * 100) / 100;
  return `background-color: rgb(10 74 134 / ${alpha}); color: ${alpha > 0.55 ? "#fff" : "inherit"}`;
}

/**
 * Whether a chart has anything to draw: its first data set (the figures; a target line does not count) has a value
 * above zero. An empty chart is shown with a note instead.
 */
export function hasData(config: FigureChartConfig): boolean {
  const data: readonly (number | null)[] = config.data.datasets[0]?.data ?? [];
  return data.some((v) => typeof v === "number" && v > 0);
}
