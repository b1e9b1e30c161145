// @vitest-environment happy-dom
// The list of portal applications: the core's labels and references, a badge per state, what can be done with each.
import { flushSync, mount, unmount } from "svelte";
import { SvelteMap, SvelteSet } from "svelte/reactivity";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HandoffView } from "../bindings/HandoffView";
import type { PortalStatusView } from "../bindings/PortalStatusView";
import { ERROR_TEXT } from "../errors";
import { decided, delivered, handoffView, rejected, withState } from "../handoff.fixture";
import HandoffList from "./HandoffList.svelte";

let list: ReturnType<typeof mount> | null = null;

function show(
  handoffs: HandoffView[],
  extra: {
    variant?: "call" | "desk";
    portal?: PortalStatusView | null;
    checking?: ReadonlySet<number>;
    checkErrors?: ReadonlyMap<number, string>;
    total?: number | null;
  } = {},
) {
  const oncorrect = vi.fn();
  const onretry = vi.fn();
  const oncheck = vi.fn();
  const variant = extra.variant ?? "desk";
  list = mount(HandoffList, {
    target: document.body,
    props: {
      handoffs,
      variant,
      testid: variant === "desk" ? "desk-handoffs" : "call-handoffs",
      portal: extra.portal ?? null,
      ...(extra.checking ? { checking: extra.checking } : {}),
      ...(extra.checkErrors ? { checkErrors: extra.checkErrors } : {}),
      ...(extra.total !== undefined ? { total: extra.total } : {}),
      oncorrect,
      onretry,
      oncheck,
    },
  });
  flushSync();
  return { oncorrect, onretry, oncheck };
}

function items(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid="handoff-item"]')];
}

function inItem(item: HTMLElement | undefined, testid: string): HTMLElement | null {
  return item?.querySelector<HTMLElement>(`[data-testid="${testid}"]`) ?? null;
}

afterEach(() => {
  if (list) unmount(list);
  list = null;
  document.body.innerHTML = "";
});

describe("HandoffList", () => {
  const applications = [
    delivered(handoffView({ id: 4, createdLabel: "02.03. 09:40" })),
    rejected(handoffView({ id: 3, serviceTitle: "Wunschkennzeichen", service: "wunschkennzeichen" }), [
      { field: "plate", message: "vergeben" },
    ]),
    handoffView({ id: 2, state: "pending" }),
    handoffView({ id: 1, state: "pending", flagged: true }),
    withState(handoffView({ id: 5 }), "delivering"),
  ];

  it("shows each application with its service, the core's state label as a badge, time and reference", () => {
    show(applications);
    const rows = items();
    expect(rows.map((r) => r.dataset.state)).toEqual(["delivered", "rejected", "pending", "pending", "delivering"]);
    expect(rows[0]?.textContent).toContain("Bewohnerparkausweis");
    expect(rows[0]?.textContent).toContain("02.03. 09:40");
    expect(inItem(rows[0], "handoff-item-reference")?.textContent).toBe("MB-2026-000123");
    expect(inItem(rows[2], "handoff-item-reference")).toBeNull();
    const badges = rows.map((r) => inItem(r, "handoff-item-state")!);
    expect(badges.map((b) => b.textContent)).toEqual([
      "Im Portal eingegangen",
      "Vom Portal abgelehnt – bitte korrigieren",
      "Wartet auf Übermittlung",
      "Übermittlung gestoppt – Teamleitung informiert",
      "Wird übermittelt",
    ]);
    expect(badges.map((b) => [...b.classList].find((c) => c.startsWith("state-")))).toEqual([
      "state-delivered",
      "state-rejected",
      "state-pending",
      "state-flagged",
      "state-delivering",
    ]);
    expect(document.querySelector('[data-testid="desk-handoffs"] h3')?.textContent).toContain("(5)");
  });

  it("offers 'Korrigieren' for a rejected one, 'Jetzt senden' for a pending one, 'Stand abfragen' for a delivered one", () => {
    const { oncorrect, onretry, oncheck } = show(applications);
    const rows = items();
    expect(rows.map((r) => inItem(r, "handoff-item-correct") !== null)).toEqual([false, true, false, false, false]);
    expect(rows.map((r) => inItem(r, "handoff-item-retry") !== null)).toEqual([false, false, true, true, false]);
    expect(rows.map((r) => inItem(r, "handoff-item-check") !== null)).toEqual([true, false, false, false, false]);
    expect(inItem(rows[0], "handoff-item-check")?.textContent).toBe("Stand abfragen");
    expect(rows.map((r) => inItem(r, "handoff-item-decision"))).toEqual([null, null, null, null, null]);

    inItem(rows[0], "handoff-item-check")!.click();
    expect(oncheck).toHaveBeenCalledWith(expect.objectContaining({ id: 4 }));

    inItem(rows[1], "handoff-item-correct")!.click();
    expect(oncorrect).toHaveBeenCalledWith(expect.objectContaining({ id: 3 }));
    inItem(rows[2], "handoff-item-retry")!.click();
    expect(onretry).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
  });

  it("keeps 'Stand abfragen' disabled while the portal is asked, and shows why the last check failed at its row", () => {
    const checking = new SvelteSet<number>([4]);
    const checkErrors = new SvelteMap<number, string>();
    const { oncheck } = show([delivered(handoffView({ id: 4 })), delivered(handoffView({ id: 6 }))], {
      checking,
      checkErrors,
    });
    const button = () => inItem(items()[0], "handoff-item-check") as HTMLButtonElement;
    expect(button().disabled).toBe(true);
    expect(button().getAttribute("aria-busy")).toBe("true");
    expect((inItem(items()[1], "handoff-item-check") as HTMLButtonElement).disabled).toBe(false);
    button().click();
    expect(oncheck).not.toHaveBeenCalled();

    checking.delete(4);
    checkErrors.set(4, ERROR_TEXT.PORTAL_UNAVAILABLE);
    flushSync();
    expect(button().disabled).toBe(false);
    expect(inItem(items()[0], "handoff-item-check-error")?.textContent).toBe(
      "Das Portal ist gerade nicht erreichbar. Bitte später erneut abfragen.",
    );
    expect(inItem(items()[1], "handoff-item-check-error")).toBeNull();
  });

  it("shows the office's decision the core keeps, coloured by decision, without asking again", () => {
    const { oncheck } = show([
      decided(delivered(handoffView({ id: 7 })), "accepted", "25.11. 14:05"),
      decided(delivered(handoffView({ id: 8 })), "rejected"),
      decided(delivered(handoffView({ id: 9 })), "submitted"),
      delivered(handoffView({ id: 10 })),
    ]);
    const labels = items().map((r) => inItem(r, "handoff-item-decision"));
    expect(labels[0]?.textContent).toBe("Vom Amt angenommen (Stand 25.11. 14:05)");
    expect(labels.map((l) => l?.dataset.decision)).toEqual(["accepted", "rejected", "submitted", undefined]);
    expect(labels.map((l) => l && [...l.classList].find((c) => c.startsWith("decision-")))).toEqual([
      "decision-accepted",
      "decision-rejected",
      "decision-submitted",
      null,
    ]);
    // It can be asked again (the office may have decided since).
    expect(items().every((r) => inItem(r, "handoff-item-check") !== null)).toBe(true);
    expect(oncheck).not.toHaveBeenCalled();
  });

  it("says that the supervisors know about one the portal refuses for good", () => {
    show(applications);
    expect(items().map((r) => r.dataset.flagged)).toEqual(["false", "false", "false", "true", "false"]);
    expect(inItem(items()[3], "handoff-item-state")?.textContent).toContain("Teamleitung informiert");
  });

  it("says so when there are none, in the call's and the desk's words", () => {
    show([], { variant: "call" });
    expect(document.querySelector('[data-testid="call-handoffs"]')?.textContent).toContain(
      "Keine Anträge in diesem Anruf.",
    );
    unmount(list!);
    show([]);
    expect(document.querySelector('[data-testid="desk-handoffs"]')?.textContent).toContain("Noch keine Anträge.");
  });

  it("shows the reason calmly while the desk does not send, and nothing while it does", () => {
    show([], { portal: { sending: false, reason: "Das Portal ist nicht eingerichtet." } });
    expect(document.querySelector('[data-testid="portal-notice"]')?.textContent).toBe(
      "Das Portal ist nicht eingerichtet.",
    );
    unmount(list!);
    show([], { portal: { sending: true, reason: "" } });
    expect(document.querySelector('[data-testid="portal-notice"]')).toBeNull();
  });
});

describe("HandoffList, cut by the core (issue 15)", () => {
  it("says how many of how many applications the desk's list shows", () => {
    show([handoffView({ id: 1 }), handoffView({ id: 2 })], { total: 1859 });
    const title = document.querySelector("#desk-handoffs-title")?.textContent?.replace(/\s+/g, " ").trim();
    expect(title).toBe("Portal-Anträge (2 von 1.859)");
    expect(document.querySelector('[data-testid="desk-handoffs-more"]')?.textContent?.trim()).toBe(
      "Gezeigt: die 2 neuesten von 1.859 Anträgen.",
    );
  });

  it("says nothing more when every application is listed", () => {
    show([handoffView({ id: 1 })], { total: 1 });
    expect(document.querySelector("#desk-handoffs-title")?.textContent?.replace(/\s+/g, " ").trim()).toBe(
      "Portal-Anträge (1)",
    );
    expect(document.querySelector('[data-testid="desk-handoffs-more"]')).toBeNull();
  });
});
