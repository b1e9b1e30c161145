// @vitest-environment happy-dom
// The charts' captions: the top topics say of how many topics they are the first (Chart.js is replaced by a stub).
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { figuresFixture } from "../figures.fixture";

vi.mock("chart.js", () => {
  class Chart {
    static defaults = { font: { family: "", size: 0 }, color: "" };
    static register() {}
    update() {}
    destroy() {}
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

import FigureCharts from "./FigureCharts.svelte";

let charts: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (charts) unmount(charts);
  charts = null;
  document.body.innerHTML = "";
});

function topicsMore(topicsTotal: number): string | null {
  charts = mount(FigureCharts, { target: document.body, props: { figures: figuresFixture({ topicsTotal }) } });
  flushSync();
  return document.querySelector('[data-testid="topics-more"]')?.textContent?.trim() ?? null;
}

describe("FigureCharts", () => {
  it("says of how many topics the top ones are (issue 15)", () => {
    expect(topicsMore(61)).toBe("die 3 häufigsten von 61");
  });

  it("says nothing more when every topic is listed", () => {
    expect(topicsMore(3)).toBeNull();
  });
});
