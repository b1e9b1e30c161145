// @vitest-environment happy-dom
// The chart wrapper's life cycle with Chart.js replaced by a recorder: created once the library is loaded, updated in
// place without animation when the configuration changes, recreated for another type, destroyed on unmount.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { figuresFixture } from "../figures.fixture";
import { hoursChart, outcomesChart, type FigureChartConfig } from "../figures";

interface FakeChart {
  canvas: HTMLCanvasElement;
  config: any;
  data: any;
  options: any;
  update: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
}

const charts = vi.hoisted(() => [] as FakeChart[]);
const registered = vi.hoisted(() => [] as unknown[]);

vi.mock("chart.js", () => {
  class Chart {
    static defaults = { font: { family: "", size: 0 }, color: "" };
    static register(...items: unknown[]) {
      registered.push(...items);
    }
    canvas: HTMLCanvasElement;
    config: any;
    data: any;
    options: any;
    update = vi.fn();
    destroy = vi.fn();
    constructor(canvas: HTMLCanvasElement, config: any) {
      this.canvas = canvas;
      this.config = config;
      this.data = config.data;
      this.options = config.options;
      charts.push(this);
    }
  }
  const part = (name: string) => ({ id: name });
  return {
    Chart,
    ArcElement: part("arc"),
    BarController: part("bar"),
    BarElement: part("barElement"),
    CategoryScale: part("category"),
    DoughnutController: part("doughnut"),
    Legend: part("legend"),
    LineController: part("line"),
    LineElement: part("lineElement"),
    LinearScale: part("linear"),
    PointElement: part("point"),
    Tooltip: part("tooltip"),
  };
});

import ChartCanvas from "./ChartCanvas.svelte";

let app: ReturnType<typeof mount> | null = null;

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  flushSync();
}

beforeEach(() => {
  charts.length = 0;
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(
    () => ({}) as unknown as CanvasRenderingContext2D,
  );
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("ChartCanvas", () => {
  it("registers only what the dashboard draws and uses the window's font", async () => {
    app = mount(ChartCanvas, {
      target: document.body,
      props: { config: hoursChart(figuresFixture()), label: "Anrufe", testid: "chart-x" },
    });
    await settle();
    const { Chart } = await import("chart.js");
    expect(registered.map((p) => (p as { id: string }).id).sort()).toEqual(
      ["arc", "bar", "barElement", "category", "doughnut", "legend", "line", "lineElement", "linear", "point", "tooltip"].sort(),
    );
    expect(Chart.defaults.font.family).toContain("system-ui");
  });

  it("creates the chart on its canvas, updates it in place without animation, and destroys it on unmount", async () => {
    const figures = figuresFixture();
    // raw, as the dashboard passes plain (not proxied) configurations
    let config = $state.raw<FigureChartConfig>(hoursChart(figures));
    app = mount(ChartCanvas, {
      target: document.body,
      props: {
        get config() {
          return config;
        },
        label: "Anrufe je Stunde",
        testid: "chart-h",
      },
    });
    await settle();

    const wrapper = document.querySelector<HTMLElement>('[data-testid="chart-h"]');
    expect(wrapper?.getAttribute("role")).toBe("img");
    expect(wrapper?.getAttribute("aria-label")).toBe("Anrufe je Stunde");
    expect(charts).toHaveLength(1);
    const chart = charts[0]!;
    expect(chart.canvas).toBe(wrapper?.querySelector("canvas"));
    expect(chart.config.type).toBe("bar");
    expect(chart.data.labels[0]).toBe("07");

    const next = hoursChart({ ...figures, byHour: figures.byHour.map((n) => n + 1) });
    config = next;
    await settle();
    expect(charts).toHaveLength(1);
    expect(chart.update).toHaveBeenCalledWith("none");
    expect(chart.data).toBe(next.data);
    expect(chart.options).toBe(next.options);

    // another type of chart: a new one replaces the old
    config = outcomesChart(figures);
    await settle();
    expect(chart.destroy).toHaveBeenCalledTimes(1);
    expect(charts).toHaveLength(2);
    expect(charts[1]?.config.type).toBe("doughnut");

    unmount(app);
    app = null;
    expect(charts[1]?.destroy).toHaveBeenCalledTimes(1);
  });

  it("leaves the chart out when the canvas has no 2D context", async () => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => null);
    app = mount(ChartCanvas, {
      target: document.body,
      props: { config: hoursChart(figuresFixture()), label: "Anrufe", testid: "chart-none" },
    });
    await settle();
    expect(charts).toHaveLength(0);
    expect(document.querySelector('[data-testid="chart-none"] canvas')).not.toBeNull();
  });
});
