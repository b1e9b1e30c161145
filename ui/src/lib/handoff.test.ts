import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FieldProblemView } from "./bindings/FieldProblemView";
import { ERROR_TEXT } from "./errors";
import {
  CHECK_DEBOUNCE_MS,
  NOT_IN_PORTAL_TEXT,
  allFields,
  badgeClass,
  canCheckDecision,
  checkFailedText,
  controllingPaths,
  createChecker,
  decisionClass,
  fieldId,
  findHandoff,
  firstProblemPath,
  initialValues,
  isOpen,
  isVisible,
  needsPlaceholder,
  notSendingText,
  problemsByField,
  problemsToShow,
  refusedText,
  replaceHandoff,
  visiblePaths,
  type FormValues,
  type ShowInput,
} from "./handoff";
import { MSG, PARK_FORM, checkPark, decided, delivered, handoffView } from "./handoff.fixture";

const fields = allFields(PARK_FORM.sections);
const byPath = (path: string) => fields.find((f) => f.path === path)!;

describe("isVisible", () => {
  it("shows a field without a condition always", () => {
    expect(isVisible(byPath("plate"), {})).toBe(true);
  });

  it("shows a conditional field only while the controlling value is one of its values", () => {
    const keeper = byPath("vehicle_holder.keeper_name");
    expect(isVisible(keeper, { "vehicle_holder.kind": "self" })).toBe(false);
    expect(isVisible(keeper, { "vehicle_holder.kind": "keeper_consent" })).toBe(true);
    expect(isVisible(keeper, {})).toBe(false);
  });

  it("lists the paths on screen in the form's order", () => {
    const shown = visiblePaths(PARK_FORM.sections, { "vehicle_holder.kind": "keeper_consent" });
    expect(shown.has("vehicle_holder.consent_confirmed")).toBe(true);
    expect(visiblePaths(PARK_FORM.sections, PARK_FORM.values).has("vehicle_holder.consent_confirmed")).toBe(false);
  });
});

describe("controllingPaths", () => {
  it("names the fields others depend on", () => {
    expect([...controllingPaths(PARK_FORM.sections)]).toEqual(["vehicle_holder.kind"]);
  });
});

describe("initialValues", () => {
  it("keeps the core's values, starts other fields empty and checkboxes unticked", () => {
    const values = initialValues(PARK_FORM.sections, { plate: "BO-AB 123", extra: "x" });
    expect(values.plate).toBe("BO-AB 123");
    expect(values.zone).toBe("");
    expect(values["vehicle_holder.consent_confirmed"]).toBe("false");
    expect(values.extra).toBe("x");
    expect(Object.keys(values)).toHaveLength(fields.length + 1);
  });
});

describe("fieldId and needsPlaceholder", () => {
  it("makes dotted paths usable as element ids", () => {
    expect(fieldId("vehicle_holder.keeper_name")).toBe("handoff-f-vehicle_holder-keeper_name");
  });

  it("offers '– bitte wählen –' only while a choice has none of its options", () => {
    expect(needsPlaceholder(byPath("zone"), "")).toBe(true);
    expect(needsPlaceholder(byPath("zone"), "A")).toBe(false);
    expect(needsPlaceholder(byPath("plate"), "")).toBe(false);
  });
});

describe("problemsByField", () => {
  it("groups messages under shown fields and keeps the form's own above it, each once", () => {
    const visible = new Set(["plate", "zone"]);
    const shown = problemsByField(
      [
        { field: "plate", message: "a" },
        { field: "plate", message: "b" },
        { field: "plate", message: "a" },
        { field: "", message: "whole form" },
        { field: "vehicle_holder.keeper_name", message: "hidden now" },
      ],
      visible,
    );
    expect(shown.byField).toEqual({ plate: ["a", "b"] });
    expect(shown.general).toEqual(["whole form", "hidden now"]);
  });
});

describe("problemsToShow", () => {
  const values = { ...PARK_FORM.values, zone: "", "address.postal_code": "447" };
  const base: ShowInput = {
    checked: checkPark(values),
    portal: [],
    values,
    original: values,
    touched: new Set(),
    attempted: false,
    visible: visiblePaths(PARK_FORM.sections, values),
  };

  it("shows nothing of the desk's check before the agent touched a field or tried to send", () => {
    expect(problemsToShow(base)).toEqual({ byField: {}, general: [] });
  });

  it("shows a touched field's problem", () => {
    const shown = problemsToShow({ ...base, touched: new Set(["address.postal_code"]) });
    expect(shown.byField).toEqual({ "address.postal_code": [MSG.postalCode] });
  });

  it("shows every problem after a send attempt, the form's own too", () => {
    const shown = problemsToShow({ ...base, checked: [...base.checked, { field: "", message: "ganz" }], attempted: true });
    expect(Object.keys(shown.byField)).toEqual(["zone", "address.street", "address.postal_code"]);
    expect(shown.general).toEqual(["ganz"]);
  });

  it("shows the portal's problems at once, until their field is changed", () => {
    const portal: FieldProblemView[] = [
      { field: "plate", message: "Kennzeichen ist bereits vergeben." },
      { field: "", message: "Antrag unvollständig." },
    ];
    const first = problemsToShow({ ...base, checked: [], portal });
    expect(first.byField).toEqual({ plate: ["Kennzeichen ist bereits vergeben."] });
    expect(first.general).toEqual(["Antrag unvollständig."]);
    const changed = { ...values, plate: "BO-XY 1" };
    const later = problemsToShow({ ...base, checked: [], portal, values: changed });
    expect(later.byField).toEqual({});
  });

  it("finds the first field with a problem in the form's order", () => {
    const shown = problemsToShow({ ...base, attempted: true });
    expect(firstProblemPath(PARK_FORM.sections, shown)).toBe("zone");
    expect(firstProblemPath(PARK_FORM.sections, { byField: {}, general: ["x"] })).toBeNull();
  });
});

describe("createChecker", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const requests: { values: FormValues; resolve: (p: FieldProblemView[] | undefined) => void }[] = [];
    const applied: { problems: FieldProblemView[]; values: FormValues }[] = [];
    const checker = createChecker({
      check: (values) => new Promise((resolve) => requests.push({ values, resolve })),
      apply: (problems, values) => applied.push({ problems, values }),
    });
    return { checker, requests, applied };
  }

  it("checks once typing pauses for the debounce time, with the newest values", async () => {
    const { checker, requests } = setup();
    checker.input({ plate: "B" });
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS - 10);
    checker.input({ plate: "BO" });
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS - 10);
    expect(requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(requests.map((r) => r.values)).toEqual([{ plate: "BO" }]);
  });

  it("keeps a copy of the values: later edits do not change a check on its way", async () => {
    const { checker, requests } = setup();
    const values: FormValues = { plate: "BO" };
    checker.input(values);
    values.plate = "BO-A";
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    expect(requests[0]?.values).toEqual({ plate: "BO" });
  });

  it("drops a slow older answer that arrives after a newer one", async () => {
    const { checker, requests, applied } = setup();
    checker.input({ plate: "old" });
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    checker.input({ plate: "new" });
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    requests[1]!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    requests[0]!.resolve([{ field: "plate", message: "old problem" }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(applied).toEqual([{ problems: [], values: { plate: "new" } }]);
  });

  it("checks at once on request, replacing a waiting check, and says whether it was still the newest", async () => {
    const { checker, requests, applied } = setup();
    checker.input({ plate: "typed" });
    const now = checker.now({ plate: "sent" });
    expect(requests).toHaveLength(1);
    requests[0]!.resolve([{ field: "plate", message: "x" }]);
    await expect(now).resolves.toEqual([{ field: "plate", message: "x" }]);
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2);
    expect(requests).toHaveLength(1);
    expect(applied).toHaveLength(1);

    const stale = checker.now({ plate: "a" });
    checker.cancel();
    requests[1]!.resolve([]);
    await expect(stale).resolves.toBeNull();
  });

  it("applies nothing when the check failed", async () => {
    const { checker, requests, applied } = setup();
    const now = checker.now({});
    requests[0]!.resolve(undefined);
    await expect(now).resolves.toBeNull();
    expect(applied).toEqual([]);
  });

  it("cancel drops a waiting check", async () => {
    const { checker, requests } = setup();
    checker.input({ plate: "x" });
    checker.cancel();
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2);
    expect(requests).toHaveLength(0);
  });
});

describe("states", () => {
  it("keeps asking while pending or delivering", () => {
    expect(isOpen({ state: "pending" })).toBe(true);
    expect(isOpen({ state: "delivering" })).toBe(true);
    expect(isOpen({ state: "delivered" })).toBe(false);
    expect(isOpen({ state: "rejected" })).toBe(false);
  });

  it("gives each state its badge, a flagged one its own", () => {
    expect(badgeClass({ state: "pending", flagged: false })).toBe("state-pending");
    expect(badgeClass({ state: "delivering", flagged: false })).toBe("state-delivering");
    expect(badgeClass({ state: "delivered", flagged: false })).toBe("state-delivered");
    expect(badgeClass({ state: "rejected", flagged: false })).toBe("state-rejected");
    expect(badgeClass({ state: "pending", flagged: true })).toBe("state-flagged");
  });

  it("finds an application by id", () => {
    const list = [handoffView({ id: 1 }), handoffView({ id: 2, state: "delivered" })];
    expect(findHandoff(list, 2)?.state).toBe("delivered");
    expect(findHandoff(list, 3)).toBeNull();
  });
});

describe("the office's decision", () => {
  it("can be asked about a delivered application only", () => {
    const states = ["pending", "delivering", "delivered", "rejected"] as const;
    expect(states.map((state) => canCheckDecision({ state }))).toEqual([false, false, true, false]);
  });

  it("colours accepted green, rejected red, anything else neutral", () => {
    expect(decisionClass("accepted")).toBe("decision-accepted");
    expect(decisionClass("rejected")).toBe("decision-rejected");
    expect(decisionClass("submitted")).toBe("decision-submitted");
    expect(decisionClass(null)).toBe("decision-submitted");
  });

  it("replaces the answered application in a list, leaving the others and a list without it", () => {
    const list = [handoffView({ id: 1 }), delivered(handoffView({ id: 2 }))];
    const answer = decided(list[1]!, "accepted");
    expect(replaceHandoff(list, answer)).toEqual([list[0], answer]);
    expect(replaceHandoff([list[0]!], answer)).toEqual([list[0]]);
  });

  it("says why the portal could not be asked, by code", () => {
    expect(checkFailedText({ code: "PORTAL_UNAVAILABLE", message: "timeout", field: null })).toBe(
      ERROR_TEXT.PORTAL_UNAVAILABLE,
    );
    expect(checkFailedText({ code: "INVALID_INPUT", message: "not yet", field: "handoff_id" })).toBe(
      NOT_IN_PORTAL_TEXT,
    );
    expect(checkFailedText({ code: "STORE_FAILED", message: "locked", field: null })).toBe(ERROR_TEXT.STORE_FAILED);
  });
});

describe("texts", () => {
  it("shows the core's reason for not sending, or a general one", () => {
    expect(notSendingText("Das Portal ist nicht eingerichtet (x).")).toBe("Das Portal ist nicht eingerichtet (x).");
    expect(notSendingText("  ")).toContain("später gesendet");
  });

  it("says why a send was refused when no field has a problem, by code and field only", () => {
    expect(refusedText({ code: "INVALID_INPUT", message: "call 3 has been anonymised", field: "call_id" })).toContain(
      "Anruf",
    );
    expect(refusedText({ code: "INVALID_INPUT", message: "…", field: "handoff_id" })).toContain("nicht mehr korrigiert");
    expect(refusedText({ code: "INVALID_INPUT", message: "…", field: null })).toBe(ERROR_TEXT.INVALID_INPUT);
    expect(refusedText({ code: "STORE_FAILED", message: "disk full", field: null })).toBe(ERROR_TEXT.STORE_FAILED);
  });
});
