// @vitest-environment happy-dom
// The portal application dialog in a DOM with a small fake core behind `Ipc`: the form rendered from its description
// (a choice that shows more fields), problems inline as the agent types, a refused send with every problem, a send
// that goes through to the reference and the link, a rejection corrected in the same form, and a desk that does not
// send.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import type { HandoffFormView } from "../bindings/HandoffFormView";
import type { HandoffView } from "../bindings/HandoffView";
import type { IpcError } from "../bindings/IpcError";
import type { PortalDecisionView } from "../bindings/PortalDecisionView";
import { ERROR_TEXT } from "../errors";
import { CHECK_DEBOUNCE_MS, HANDOFF_POLL_MS, SAVED_FOR_LATER_TEXT, type HandoffTarget } from "../handoff";
import {
  CITIZEN_LINK,
  MSG,
  PARK_FORM,
  PARK_SERVICE,
  REFERENCE,
  VALID_PARK_VALUES,
  checkPark,
  decided,
  delivered,
  handoffView,
  rejected,
  withState,
} from "../handoff.fixture";
import { createIpc, type InvokeFn } from "../ipc";
import HandoffDialog from "./HandoffDialog.svelte";

const CALL_ID = 42;
const NOT_CONFIGURED = "Das Portal ist nicht eingerichtet (no portal configured); Anträge bleiben in der Ablage, bis es eingerichtet ist.";

/** The core's handoff commands over an in-memory outbox. */
class FakeCore {
  handoffs: HandoffView[] = [];
  stored = new Map<number, Record<string, string>>();
  nextId = 7;
  portal = { sending: true, reason: "" };
  formFails: unknown = null;
  /** What the office decided, as the portal says; an error when the portal cannot be asked. */
  decision: PortalDecisionView | { code: string; message: string; field: null } = "submitted";

  handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case "portal_status":
        return this.portal;
      case "handoff_form":
        if (this.formFails) throw this.formFails;
        return PARK_FORM;
      case "handoff_correction": {
        const h = this.get(Number(args.handoffId));
        const form: HandoffFormView = {
          ...PARK_FORM,
          values: this.stored.get(h.id) ?? {},
          problems: h.problems,
          correcting: h,
        };
        return form;
      }
      case "check_handoff":
        return checkPark(args.values as Record<string, string>);
      case "submit_handoff": {
        const values = args.values as Record<string, string>;
        this.validate(values);
        this.nextId += 1;
        const h = handoffView({ id: this.nextId, callId: Number(args.callId) });
        this.handoffs.push(h);
        this.stored.set(h.id, values);
        return h;
      }
      case "correct_handoff": {
        const values = args.values as Record<string, string>;
        this.validate(values);
        const h = this.get(Number(args.handoffId));
        this.stored.set(h.id, values);
        return this.set(h.id, withState({ ...h, problems: [] }, "pending"));
      }
      case "call_handoffs":
        return this.handoffs.filter((h) => h.callId === args.callId);
      case "check_portal_decision": {
        const h = this.get(Number(args.handoffId));
        if (h.state !== "delivered") throw { code: "INVALID_INPUT", message: "not in the portal", field: "handoff_id" };
        if (typeof this.decision !== "string") throw this.decision;
        return this.set(h.id, decided(h, this.decision));
      }
      default:
        throw { code: "INTERNAL", message: `unknown command ${cmd}`, field: null };
    }
  }

  validate(values: Record<string, string>): void {
    const problems = checkPark(values);
    if (problems.length > 0) {
      throw { code: "INVALID_INPUT", message: `${problems.length} problems`, field: problems[0]!.field };
    }
  }

  get(id: number): HandoffView {
    const h = this.handoffs.find((x) => x.id === id);
    if (!h) throw { code: "INVALID_INPUT", message: `no application ${id}`, field: "handoff_id" };
    return h;
  }

  set(id: number, next: HandoffView): HandoffView {
    this.handoffs = this.handoffs.map((h) => (h.id === id ? next : h));
    return next;
  }

  /** The worker's doing, between two polls. */
  update(id: number, change: (h: HandoffView) => HandoffView): void {
    this.set(id, change(this.get(id)));
  }
}

let core: FakeCore;
let invoke: Mock<InvokeFn>;
let reported: IpcError[];
let dialog: ReturnType<typeof mount> | null = null;
let onclose: Mock<() => void>;
let onsent: Mock<(handoff: HandoffView) => void>;
let onstate: Mock<(handoff: HandoffView) => void>;

async function settle(ms = 0): Promise<void> {
  flushSync();
  await vi.advanceTimersByTimeAsync(ms);
  flushSync();
}

async function open(target: HandoffTarget = { kind: "new", service: PARK_SERVICE, callId: CALL_ID }): Promise<void> {
  const ipc = createIpc(invoke, (error) => reported.push(error));
  dialog = mount(HandoffDialog, { target: document.body, props: { ipc, target, onclose, onsent, onstate } });
  await settle();
}

function byTestId(id: string): HTMLElement | null {
  return document.querySelector(`[data-testid="${id}"]`);
}

function field(path: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  return document.querySelector(`[data-testid="handoff-field-${path}"]`);
}

function error(path: string): string | null {
  return byTestId(`handoff-error-${path}`)?.textContent?.trim() ?? null;
}

async function fill(path: string, value: string, wait = 0): Promise<void> {
  const el = field(path);
  if (!el) throw new Error(`no field ${path}`);
  if (el instanceof HTMLInputElement && el.type === "checkbox") {
    el.checked = value === "true";
    el.dispatchEvent(new Event("change", { bubbles: true }));
  } else {
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  }
  await settle(wait);
}

async function fillValid(): Promise<void> {
  await fill("zone", "A");
  await fill("address.street", "Kortumstraße");
  await fill("address.postal_code", "44787");
}

async function key(k: string, init: KeyboardEventInit = {}, target: EventTarget | null = document.activeElement) {
  (target ?? document.body).dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
  await settle();
}

async function click(id: string): Promise<void> {
  const el = byTestId(id);
  if (!el) throw new Error(`nothing to click: ${id}`);
  el.click();
  await settle();
}

function callsOf(cmd: string): Record<string, unknown>[] {
  return invoke.mock.calls.filter((c) => c[0] === cmd).map((c) => c[1] as Record<string, unknown>);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, "error").mockImplementation(() => {});
  core = new FakeCore();
  reported = [];
  invoke = vi.fn<InvokeFn>(async (cmd, args = {}) => structuredClone(core.handle(cmd, args)));
  onclose = vi.fn<() => void>();
  onsent = vi.fn<(handoff: HandoffView) => void>();
  onstate = vi.fn<(handoff: HandoffView) => void>();
});

afterEach(() => {
  if (dialog) unmount(dialog);
  dialog = null;
  document.body.innerHTML = "";
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("the form", () => {
  it("renders the core's title, intro, sections and fields with the call's values, required ones marked", async () => {
    await open();
    expect(callsOf("handoff_form")).toEqual([{ service: PARK_SERVICE, callId: CALL_ID }]);
    const box = byTestId("handoff-dialog")!;
    expect(box.querySelector("h2")?.textContent).toBe("Bewohnerparkausweis beantragen");
    expect(box.textContent).toContain("Nur für Bochumer Anschriften");
    expect([...box.querySelectorAll("legend")].map((l) => l.textContent?.trim())).toEqual([
      "Zone und Anschrift",
      "Fahrzeug",
      "Kontakt",
    ]);
    expect(field("plate")?.value).toBe("BO-AB 123");
    expect(field("contact.phone")?.value).toBe("0234 123456");
    expect(field("vehicle_holder.kind")?.value).toBe("self");
    // A choice without a value offers "– bitte wählen –"; the date is typed as text.
    expect(field("zone")?.value).toBe("");
    expect(field("zone")?.querySelector("option")?.textContent).toBe("– bitte wählen –");
    expect(field("valid_from")?.getAttribute("type")).toBe("text");
    expect(field("valid_from")?.getAttribute("placeholder")).toBe("TT.MM.JJJJ");
    // Required fields are marked; hints stand under their field.
    const label = (path: string) => document.querySelector(`label[for="${field(path)?.id}"]`);
    expect(label("plate")?.querySelector(".required")).not.toBeNull();
    expect(label("contact.email")?.querySelector(".required")).toBeNull();
    expect(field("plate")?.getAttribute("aria-required")).toBe("true");
    expect(field("plate")?.closest(".field")?.textContent).toContain("z. B. BO-AB 123");
    // The cursor starts in the first field; nothing is marked yet.
    expect(document.activeElement).toBe(field("zone"));
    expect(document.querySelectorAll('[data-testid^="handoff-error-"]')).toHaveLength(0);
  });

  it("shows the keeper's fields only while 'Anderer Halter' is chosen, and keeps what was typed in them", async () => {
    await open();
    expect(field("vehicle_holder.keeper_name")).toBeNull();
    expect(field("vehicle_holder.consent_confirmed")).toBeNull();

    await fill("vehicle_holder.kind", "keeper_consent");
    expect(field("vehicle_holder.keeper_name")).not.toBeNull();
    const consent = field("vehicle_holder.consent_confirmed") as HTMLInputElement;
    expect(consent.type).toBe("checkbox");
    expect(consent.checked).toBe(false);
    await fill("vehicle_holder.keeper_name", "Erika Muster");
    await fill("vehicle_holder.consent_confirmed", "true");

    await fill("vehicle_holder.kind", "self");
    expect(field("vehicle_holder.keeper_name")).toBeNull();
    await fill("vehicle_holder.kind", "keeper_consent");
    expect(field("vehicle_holder.keeper_name")?.value).toBe("Erika Muster");
    expect((field("vehicle_holder.consent_confirmed") as HTMLInputElement).checked).toBe(true);
  });

  it("checks while typing (debounced) and shows a touched field's German problem under it until it is fixed", async () => {
    await open();
    const before = callsOf("check_handoff").length;
    await fill("address.postal_code", "447");
    await fill("address.postal_code", "4478", CHECK_DEBOUNCE_MS - 50);
    expect(callsOf("check_handoff")).toHaveLength(before);
    await settle(50);
    expect(callsOf("check_handoff")).toHaveLength(before + 1);
    expect(callsOf("check_handoff").at(-1)).toEqual({
      service: PARK_SERVICE,
      values: expect.objectContaining({ "address.postal_code": "4478", plate: "BO-AB 123" }),
    });
    expect(error("address.postal_code")).toBe(MSG.postalCode);
    expect(field("address.postal_code")?.getAttribute("aria-invalid")).toBe("true");
    // Untouched fields stay quiet although the check found problems there.
    expect(error("zone")).toBeNull();
    expect(error("address.street")).toBeNull();

    await fill("address.postal_code", "44787", CHECK_DEBOUNCE_MS);
    expect(error("address.postal_code")).toBeNull();
    expect(reported).toEqual([]);
  });

  it("a refused send shows every problem inline and puts the cursor on the first; nothing goes to the banner", async () => {
    await open();
    await fill("plate", "BO 1");
    await click("handoff-send");
    await settle();
    expect(callsOf("submit_handoff")).toHaveLength(1);
    expect(error("zone")).toBe(MSG.zone);
    expect(error("address.street")).toBe(MSG.street);
    expect(error("address.postal_code")).toBe(MSG.postalCode);
    expect(error("plate")).toBe(MSG.plate);
    expect(document.activeElement).toBe(field("zone"));
    expect(reported).toEqual([]);
    expect(onsent).not.toHaveBeenCalled();
  });

  it("Enter in a field does not send; Ctrl+Enter does; Esc cancels", async () => {
    await open();
    await fillValid();
    const street = field("address.street")!;
    street.focus();
    await key("Enter", {}, street);
    expect(callsOf("submit_handoff")).toHaveLength(0);
    await key("Escape", {}, street);
    expect(onclose).toHaveBeenCalledTimes(1);
    await key("Enter", { ctrlKey: true }, street);
    await settle();
    expect(callsOf("submit_handoff")).toHaveLength(1);
  });

  it("says so when the form cannot be loaded", async () => {
    core.formFails = { code: "STORE_FAILED", message: "disk", field: null };
    await open();
    expect(byTestId("handoff-form-errors")?.textContent).toContain("nicht gespeichert werden");
    expect(byTestId("handoff-send")).toBeNull();
    expect(reported.map((e) => e.code)).toEqual(["STORE_FAILED"]);
  });
});

describe("after sending", () => {
  it("shows the state while the portal works on it, then the reference to read out and the link, with copy buttons", async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await open();
    await fillValid();
    await key("Enter", { ctrlKey: true }, field("address.postal_code"));
    await settle();

    expect(callsOf("submit_handoff")).toEqual([
      {
        callId: CALL_ID,
        service: PARK_SERVICE,
        values: expect.objectContaining(VALID_PARK_VALUES),
        requestKey: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
      },
    ]);
    const id = core.handoffs[0]!.id;
    expect(onsent).toHaveBeenCalledWith(expect.objectContaining({ id, state: "pending" }));
    expect(byTestId("handoff-state")?.dataset.state).toBe("pending");
    expect(byTestId("handoff-state")?.textContent).toBe("Wartet auf Übermittlung");
    expect(byTestId("handoff-send")).toBeNull();
    expect(document.activeElement).toBe(byTestId("handoff-close"));

    core.update(id, (h) => ({ ...h, attempts: 1, lastError: "HTTP 503 (unavailable)" }));
    await settle(HANDOFF_POLL_MS);
    expect(byTestId("handoff-last-error")?.textContent).toContain("HTTP 503 (unavailable)");

    core.update(id, (h) => withState(h, "delivering"));
    await settle(HANDOFF_POLL_MS);
    expect(byTestId("handoff-state")?.dataset.state).toBe("delivering");
    expect(byTestId("handoff-state")?.classList.contains("state-delivering")).toBe(true);

    core.update(id, delivered);
    await settle(HANDOFF_POLL_MS);
    expect(byTestId("handoff-state")?.textContent).toBe("Im Portal eingegangen");
    expect(byTestId("handoff-reference")?.textContent).toBe(REFERENCE);
    expect(byTestId("handoff-link")?.textContent).toBe(CITIZEN_LINK);
    expect(byTestId("handoff-dialog")?.textContent).toContain("Link zum Abschließen (z. B. mit Online-Ausweis)");
    expect(onstate).toHaveBeenCalledWith(expect.objectContaining({ state: "delivered" }));

    // Delivered: no more asking.
    const polls = callsOf("call_handoffs").length;
    await settle(HANDOFF_POLL_MS * 4);
    expect(callsOf("call_handoffs")).toHaveLength(polls);

    await click("handoff-copy-reference");
    expect(writeText).toHaveBeenLastCalledWith(REFERENCE);
    expect(byTestId("handoff-dialog")?.textContent).toContain("Vorgangsnummer kopiert");
    await click("handoff-copy-link");
    expect(writeText).toHaveBeenLastCalledWith(CITIZEN_LINK);
    expect(byTestId("handoff-dialog")?.textContent).toContain("Link kopiert");

    await key("Escape");
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it("asks the portal what the office decided about the delivered application, and shows a failure beside", async () => {
    await open();
    await fillValid();
    await click("handoff-send");
    await settle();
    const id = core.handoffs[0]!.id;
    expect(byTestId("handoff-check")).toBeNull(); // not in the portal yet
    core.update(id, delivered);
    await settle(HANDOFF_POLL_MS);
    expect(byTestId("handoff-decision")).toBeNull();
    onstate.mockClear();

    core.decision = { code: "PORTAL_UNAVAILABLE", message: "portal: connection refused", field: null };
    await click("handoff-check");
    expect(callsOf("check_portal_decision")).toEqual([{ handoffId: id }]);
    expect(byTestId("handoff-check-error")?.textContent).toBe(ERROR_TEXT.PORTAL_UNAVAILABLE);
    expect(byTestId("handoff-decision")).toBeNull();
    expect(reported).toEqual([]);
    expect(onstate).not.toHaveBeenCalled();

    core.decision = "accepted";
    await click("handoff-check");
    expect(byTestId("handoff-check-error")).toBeNull();
    const label = byTestId("handoff-decision");
    expect(label?.textContent).toBe("Vom Amt angenommen (Stand 02.03. 10:05)");
    expect(label?.dataset.decision).toBe("accepted");
    expect(label?.classList.contains("decision-accepted")).toBe(true);
    expect((byTestId("handoff-check") as HTMLButtonElement).disabled).toBe(false);
    expect(onstate).toHaveBeenCalledWith(expect.objectContaining({ id, portalState: "accepted" }));
  });

  it("shows a rejection with the portal's problems and corrects it in the same form", async () => {
    await open();
    await fillValid();
    await click("handoff-send");
    await settle();
    const id = core.handoffs[0]!.id;
    core.update(id, (h) =>
      rejected(h, [
        { field: "plate", message: "Kennzeichen: im Portal nicht bekannt." },
        { field: "", message: "Der Antrag ist unvollständig." },
      ]),
    );
    await settle(HANDOFF_POLL_MS);
    expect(byTestId("handoff-state")?.dataset.state).toBe("rejected");
    expect(byTestId("handoff-problems")?.textContent).toContain("Kennzeichen: im Portal nicht bekannt.");

    await click("handoff-correct");
    await settle();
    expect(callsOf("handoff_correction")).toEqual([{ handoffId: id }]);
    expect(byTestId("handoff-correcting")).not.toBeNull();
    expect(field("address.street")?.value).toBe("Kortumstraße");
    expect(error("plate")).toBe("Kennzeichen: im Portal nicht bekannt.");
    expect(byTestId("handoff-form-errors")?.textContent).toContain("Der Antrag ist unvollständig.");
    expect(document.activeElement).toBe(field("plate"));

    // Changing the field answers the portal's problem; the desk's own check still speaks.
    await fill("plate", "BO-XY 99", CHECK_DEBOUNCE_MS);
    expect(error("plate")).toBeNull();

    await click("handoff-send");
    await settle();
    expect(callsOf("correct_handoff")).toEqual([
      { handoffId: id, values: expect.objectContaining({ plate: "BO-XY 99", zone: "A" }) },
    ]);
    expect(callsOf("submit_handoff")).toHaveLength(1);
    expect(byTestId("handoff-state")?.dataset.state).toBe("pending");
  });

  it("opens a correction directly (from a list)", async () => {
    core.handoffs = [rejected(handoffView({ id: 3 }), [{ field: "zone", message: "Zone passt nicht zur Anschrift." }])];
    core.stored.set(3, VALID_PARK_VALUES);
    await open({ kind: "correct", handoffId: 3 });
    expect(callsOf("handoff_form")).toEqual([]);
    expect(error("zone")).toBe("Zone passt nicht zur Anschrift.");
    await fill("zone", "B");
    await click("handoff-send");
    await settle();
    expect(callsOf("correct_handoff")).toEqual([{ handoffId: 3, values: expect.objectContaining({ zone: "B" }) }]);
  });

  it("while the desk does not send: a calm note in the form, and after sending that the application is kept", async () => {
    core.portal = { sending: false, reason: NOT_CONFIGURED };
    await open();
    expect(byTestId("handoff-portal-notice")?.textContent).toBe(NOT_CONFIGURED);
    await fillValid();
    await click("handoff-send");
    await settle();
    expect(byTestId("handoff-state")?.dataset.state).toBe("pending");
    const notice = byTestId("handoff-portal-notice")?.textContent ?? "";
    expect(notice).toContain(SAVED_FOR_LATER_TEXT);
    expect(notice).toContain(NOT_CONFIGURED);
    expect(reported).toEqual([]);
  });
});
