import type { TooltipItem } from "chart.js";
import { describe, expect, it } from "vitest";
import {
  COLORS,
  OUTCOME_COLORS,
  firstContactTrendChart,
  formatCount,
  formatPercent,
  hasData,
  heatCellStyle,
  heatmapTable,
  hourLabel,
  hourRange,
  hoursChart,
  outcomesChart,
  TOPIC_LINE_MAX,
  topicsChartHeight,
  wrapLabel,
  targetLabel,
  toPercent,
  topicsChart,
} from "./figures";
import { figuresFixture, withheldFixture } from "./figures.fixture";

const zeros = () => Array.from({ length: 24 }, () => 0);

/** Calls a Chart.js callback that the mapping set, with just the fields it reads. */
function call<T>(fn: unknown, ...args: unknown[]): T {
  if (typeof fn !== "function") throw new Error("no callback");
  return fn(...args) as T;
}

describe("numbers in German", () => {
  it("formats counts, per cent and the target", () => {
    expect(formatCount(1204)).toBe("1.204");
    expect(formatPercent(71.25)).toBe("71,3 %");
    expect(toPercent(0.7125)).toBe(71.3);
    expect(toPercent(null)).toBeNull();
    expect(toPercent(Number.NaN)).toBeNull();
    expect(targetLabel(0.65)).toBe("Ziel 65 %");
    expect(targetLabel(0.655)).toBe("Ziel 65,5 %");
  });

  it("wraps long titles for an axis into lines, whole (issue 15: they were cut at about 30 characters)", () => {
    expect(wrapLabel("Fundbüro")).toEqual(["Fundbüro"]);
    const title = "Geburts-, Ehe-, Lebenspartnerschafts- oder Sterbeurkunde anfordern";
    const lines = wrapLabel(title);
    expect(lines.join(" ")).toBe(title);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= TOPIC_LINE_MAX)).toBe(true);
    // A word longer than a line keeps its line rather than being cut.
    expect(wrapLabel("Kraftfahrzeugzulassungsbescheinigungsteil", 10)).toEqual([
      "Kraftfahrzeugzulassungsbescheinigungsteil",
    ]);
  });
});

describe("hour range", () => {
  it("shows 7 to 19 at least", () => {
    expect(hourRange(zeros())).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(hourLabel(8)).toBe("08");
  });

  it("widens for calls outside, in the totals or in the heatmap", () => {
    const early = zeros();
    early[6] = 2;
    expect(hourRange(early)[0]).toBe(6);
    const late = zeros();
    late[21] = 1;
    expect(hourRange(zeros(), [zeros(), late]).at(-1)).toBe(21);
  });
});

describe("hoursChart", () => {
  it("draws calls per hour as bars with labels 07 … 19, no animation, German numbers", () => {
    const config = hoursChart(figuresFixture());
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(["07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"]);
    expect(config.data.datasets[0]?.data).toEqual([0, 100, 180, 200, 150, 0, 0, 120, 0, 0, 0, 4, 0]);
    expect(config.options?.animation).toBe(false);
    expect(config.options?.locale).toBe("de-DE");
    expect(config.options?.maintainAspectRatio).toBe(false);
    const title = call<string>(config.options?.plugins?.tooltip?.callbacks?.title, [{ dataIndex: 1 }]);
    expect(title).toBe("08:00–09:00 Uhr");
    const label = call<string>(config.options?.plugins?.tooltip?.callbacks?.label, { parsed: { y: 1204 } });
    expect(label).toBe("1.204 Anrufe");
    expect(hasData(config)).toBe(true);
    expect(hasData(hoursChart({ byHour: zeros(), heatmap: [] }))).toBe(false);
  });
});

describe("outcomesChart", () => {
  it("draws the outcomes with the core's labels and shares, one colour each", () => {
    const config = outcomesChart(figuresFixture());
    expect(config.type).toBe("doughnut");
    expect(config.data.labels).toEqual([
      "Beantwortet (58,3 %)",
      "Weitergeleitet (20,8 %)",
      "An das Portal übergeben (8,3 %)",
      "Verwiesen (4,6 %)",
      "Abgebrochen (7,9 %)",
    ]);
    expect(config.data.datasets[0]?.data).toEqual([700, 250, 100, 55, 95]);
    expect(config.data.datasets[0]?.backgroundColor).toEqual([
      OUTCOME_COLORS.answered,
      OUTCOME_COLORS.forwarded,
      OUTCOME_COLORS.portal_handoff,
      OUTCOME_COLORS.referred,
      OUTCOME_COLORS.dropped,
    ]);
    expect(config.options?.animation).toBe(false);
    const label = call<string>(config.options?.plugins?.tooltip?.callbacks?.label, { dataIndex: 1 });
    expect(label).toBe("Weitergeleitet: 250 Anrufe (20,8 %)");
  });

  it("is empty when the core withholds the outcomes", () => {
    const config = outcomesChart(withheldFixture());
    expect(config.data.labels).toEqual([]);
    expect(hasData(config)).toBe(false);
  });
});

describe("topicsChart", () => {
  it("draws top topics as horizontal bars with title and calls, first contact in the tooltip", () => {
    const config = topicsChart(figuresFixture());
    expect(config.type).toBe("bar");
    expect(config.options?.indexAxis).toBe("y");
    expect(config.data.labels?.[0]).toEqual(["Personalausweis beantragen"]);
    expect(config.data.labels?.map((l) => l.join(" "))).toEqual(figuresFixture().topTopics.map((t) => t.title));
    expect(config.data.labels?.[2]).toEqual(["Bewohnerparkausweis für", "Anwohnerinnen und Anwohner", "beantragen"]);
    // Room for the three lines of the long title besides the two short ones.
    expect(topicsChartHeight(figuresFixture())).toBe("9.3rem"); // 2.5 + 1.7 + 1.7 + (0.5 + 3 × 0.95)
    expect(config.data.datasets[0]?.data).toEqual([210, 95, 40]);
    const callbacks = config.options?.plugins?.tooltip?.callbacks;
    expect(call<string>(callbacks?.title, [{ dataIndex: 2 }])).toBe(
      "Bewohnerparkausweis für Anwohnerinnen und Anwohner beantragen",
    );
    expect(call<string>(callbacks?.label, { parsed: { x: 40 } })).toBe("40 Anrufe");
    expect(call<string>(callbacks?.afterLabel, { dataIndex: 0 })).toBe("Erstlösung: 80,0 %");
  });
});

describe("firstContactTrendChart", () => {
  it("draws the daily rate in per cent with gaps, against a dashed 65 % line", () => {
    const config = firstContactTrendChart(figuresFixture());
    expect(config.type).toBe("line");
    expect(config.data.labels).toEqual(["So 01.03.", "Mo 02.03."]);
    const [rate, target] = config.data.datasets;
    expect(rate?.data).toEqual([null, 71.3]);
    expect(rate?.spanGaps).toBe(false);
    expect(target?.label).toBe("Ziel 65 %");
    expect(target?.data).toEqual([65, 65]);
    expect(target?.borderDash).toEqual([6, 4]);
    expect(target?.borderColor).toBe(COLORS.target);
    expect(config.options?.scales?.y?.min).toBe(0);
    expect(config.options?.scales?.y?.max).toBe(100);
    expect(config.options?.animation).toBe(false);
    const tick = call<string>(config.options?.scales?.y?.ticks?.callback, 60);
    expect(tick).toBe("60 %");
    const label = config.options?.plugins?.tooltip?.callbacks?.label;
    const item = (y: number | null) =>
      ({ parsed: { y }, dataset: { label: "Erstlösungsquote" } }) as unknown as TooltipItem<"line">;
    expect(call<string>(label, item(71.3))).toBe("Erstlösungsquote: 71,3 %");
    expect(call<string>(label, item(null))).toBe("Erstlösungsquote: –");
    expect(hasData(config)).toBe(true);
  });

  it("draws a day that is still running as a hollow point at the end of a dashed line (issue 15)", () => {
    const f = figuresFixture();
    const config = firstContactTrendChart({
      ...f,
      days: [f.days[0]!, { ...f.days[1]!, label: "Mo 02.03. (bis 11:09)", partial: true }],
    });
    expect(config.data.labels).toEqual(["So 01.03.", "Mo 02.03. (bis 11:09)"]);
    const rate = config.data.datasets[0];
    expect(rate?.pointBackgroundColor).toEqual([COLORS.accent, "#fff"]);
    expect(rate?.pointRadius).toEqual([2, 5]);
    type Dash = (ctx: { p1DataIndex: number }) => number[] | undefined;
    const dashOf = (dataset: unknown): Dash => (dataset as { segment: { borderDash: Dash } }).segment.borderDash;
    const dash = dashOf(rate);
    expect(dash({ p1DataIndex: 1 })).toEqual([4, 4]);
    const afterLabel = config.options?.plugins?.tooltip?.callbacks?.afterLabel;
    expect(call<string>(afterLabel, { datasetIndex: 0, dataIndex: 1 })).toBe("Tag läuft noch: Stand bisher");
    expect(call<string>(afterLabel, { datasetIndex: 0, dataIndex: 0 })).toBe("");
    // A finished day is drawn as before.
    const whole = firstContactTrendChart(f).data.datasets[0];
    expect(whole?.pointBackgroundColor).toEqual([COLORS.accent, COLORS.accent]);
    expect(dashOf(whole)({ p1DataIndex: 1 })).toBeUndefined();
  });

  it("has nothing to draw (the target line does not count) when every day is withheld", () => {
    const config = firstContactTrendChart(withheldFixture());
    expect(config.data.datasets[0]?.data).toEqual([null, null]);
    expect(hasData(config)).toBe(false);
  });
});

describe("heatmap", () => {
  it("has one row per weekday and the hours of the range, shaded relative to the busiest cell", () => {
    const table = heatmapTable(figuresFixture());
    expect(table.hours[0]).toBe("07");
    expect(table.hours.at(-1)).toBe("19");
    expect(table.rows.map((r) => r.label)).toEqual(["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]);
    expect(table.max).toBe(200);
    const monday = table.rows[0]!.cells;
    expect(monday.map((c) => c.value).slice(0, 5)).toEqual([0, 100, 180, 200, 150]);
    expect(monday[3]).toEqual({ value: 200, level: 1 });
    expect(monday[1]).toEqual({ value: 100, level: 0.5 });
    expect(table.rows[1]!.cells.every((c) => c.value === 0 && c.level === 0)).toBe(true);
  });

  it("an empty period has no shading", () => {
    const f = figuresFixture({ byHour: zeros(), heatmap: Array.from({ length: 7 }, zeros) });
    const table = heatmapTable(f);
    expect(table.max).toBe(0);
    expect(table.rows.flatMap((r) => r.cells).every((c) => c.level === 0)).toBe(true);
  });

  it("shades a cell by its level and keeps text readable", () => {
    expect(heatCellStyle({ value: 0, level: 0 })).toBe("background-color: transparent");
    expect(heatCellStyle({ value: 1, level: 0 })).toBe("background-color: rgb(10 74 134 / 0.1); color: inherit");
    expect(heatCellStyle({ value: 200, level: 1 })).toBe("background-color: rgb(10 74 134 / 0.95); color: #fff");
  });
});
