// @vitest-environment happy-dom
// The office card shows what the core says: the state, the day the question asked about, and why a day differs.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { LocationView } from "../bindings/LocationView";
import LocationCard from "./LocationCard.svelte";

let card: ReturnType<typeof mount> | null = null;

function office(over: Partial<LocationView> = {}): LocationView {
  return {
    id: "buergerbuero-wattenscheid",
    title: "Bürgerbüro Wattenscheid",
    address: "Friedrich-Ebert-Straße 7, 44866 Bochum",
    phone: "0234 910-0",
    email: "",
    appointment: "required",
    appointmentLabel: "Nur mit Termin",
    state: { kind: "open", label: "Geöffnet bis 13:00" },
    askedDay: null,
    week: [
      { day: "Mo", ranges: ["08:00–13:00"], today: true, note: null },
      { day: "Do", ranges: [], today: false, note: "Heiligabend: Stadtverwaltung geschlossen" },
    ],
    ...over,
  };
}

function show(location: LocationView): (id: string) => Element[] {
  card = mount(LocationCard, { target: document.body, props: { location } });
  flushSync();
  return (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)];
}

afterEach(() => {
  if (card) unmount(card);
  card = null;
  document.body.innerHTML = "";
});

describe("LocationCard", () => {
  it("shows the day the question asked about under the state", () => {
    const find = show(office({ askedDay: "Di, 29.12.: 08:00–13:00 (zwischen den Jahren: bitte prüfen)" }));
    const asked = find("asked-day");
    expect(asked.length).toBe(1);
    expect(asked[0]?.textContent).toBe("Am Di, 29.12.: 08:00–13:00 (zwischen den Jahren: bitte prüfen)");
  });

  it("shows no asked day when the question named none", () => {
    const find = show(office());
    expect(find("asked-day").length).toBe(0);
  });

  it("says beside a day's hours why it differs from the week", () => {
    const find = show(office());
    const notes = find("day-note");
    expect(notes.map((n) => n.textContent)).toEqual(["Heiligabend: Stadtverwaltung geschlossen"]);
    expect(notes[0]?.closest("tr")?.textContent).toContain("geschlossen");
  });
});
