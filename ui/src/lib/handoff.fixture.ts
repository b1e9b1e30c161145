// Test data for the portal application: a small form shaped like the core's Bewohnerparkausweis (a choice that shows
// two more fields, a checkbox, a date, an optional contact), a stand-in for the core's check with German messages,
// and applications in every state.
import type { FieldProblemView } from "./bindings/FieldProblemView";
import type { FormFieldView } from "./bindings/FormFieldView";
import type { HandoffFormView } from "./bindings/HandoffFormView";
import type { HandoffView } from "./bindings/HandoffView";
import type { PortalDecisionView } from "./bindings/PortalDecisionView";

function field(path: string, label: string, extra: Partial<FormFieldView> = {}): FormFieldView {
  return { path, label, kind: "text", options: [], required: true, hint: null, shownWhen: null, ...extra };
}

const KEEPER = { path: "vehicle_holder.kind", values: ["keeper_consent"] };

export const PARK_SERVICE = "bewohnerparkausweis";

export const PARK_FORM: HandoffFormView = {
  service: PARK_SERVICE,
  title: "Bewohnerparkausweis beantragen",
  intro: "Nur für Bochumer Anschriften innerhalb der gewählten Zone; der Ausweis wird nach Zahlung zugeschickt.",
  sections: [
    {
      title: "Zone und Anschrift",
      fields: [
        field("zone", "Bewohnerparkzone", {
          kind: "choice",
          options: [
            { value: "A", label: "A – Innenstadt" },
            { value: "B", label: "B – Ehrenfeld" },
          ],
        }),
        field("address.street", "Straße"),
        field("address.postal_code", "Postleitzahl"),
      ],
    },
    {
      title: "Fahrzeug",
      fields: [
        field("plate", "Kennzeichen", { hint: "z. B. BO-AB 123 (auch auswärtige Kennzeichen)" }),
        field("vehicle_holder.kind", "Halter", {
          kind: "choice",
          options: [
            { value: "self", label: "Bewohner ist selbst Halter" },
            { value: "keeper_consent", label: "Anderer Halter mit Einverständnis" },
          ],
        }),
        field("vehicle_holder.keeper_name", "Name des Halters", { shownWhen: KEEPER }),
        field("vehicle_holder.consent_confirmed", "Schriftliches Einverständnis des Halters liegt vor", {
          kind: "checkbox",
          shownWhen: KEEPER,
        }),
        field("valid_from", "Gültig ab", { kind: "date", required: false, hint: "TT.MM.JJJJ" }),
      ],
    },
    {
      title: "Kontakt",
      fields: [
        field("contact.phone", "Telefonnummer", { required: false, hint: "Telefon oder E-Mail: mindestens eins" }),
        field("contact.email", "E-Mail-Adresse", { required: false }),
      ],
    },
  ],
  // Defaults and what the call knew (a plate in the notes, the caller's phone).
  values: {
    "vehicle_holder.kind": "self",
    "vehicle_holder.consent_confirmed": "false",
    plate: "BO-AB 123",
    "contact.phone": "0234 123456",
  },
  problems: [],
  correcting: null,
};

export const MSG = {
  zone: "Bewohnerparkzone: bitte eine Zone wählen.",
  street: "Straße: bitte angeben.",
  postalCode: "Postleitzahl: fünf Ziffern, z. B. 44787.",
  plate: "Kennzeichen: so nicht gültig, z. B. BO-AB 123.",
  keeperName: "Name des Halters: bitte angeben.",
  consent: "Ohne schriftliches Einverständnis des Halters kann der Ausweis nicht ausgestellt werden.",
  contact: "Telefon oder E-Mail: mindestens eins angeben.",
  date: "Gültig ab: bitte als TT.MM.JJJJ angeben, z. B. 17.05.1990.",
} as const;

/** The core's check of the small form, anchored like the core does (hidden fields are not judged). */
export function checkPark(values: Readonly<Record<string, string>>): FieldProblemView[] {
  const v = (path: string) => (values[path] ?? "").trim();
  const problems: FieldProblemView[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!["A", "B"].includes(v("zone"))) add("zone", MSG.zone);
  if (v("address.street") === "") add("address.street", MSG.street);
  if (!/^\d{5}$/.test(v("address.postal_code"))) add("address.postal_code", MSG.postalCode);
  if (!/^[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} \d{1,4}[EH]?$/.test(v("plate"))) add("plate", MSG.plate);
  if (v("vehicle_holder.kind") === "keeper_consent") {
    if (v("vehicle_holder.keeper_name") === "") add("vehicle_holder.keeper_name", MSG.keeperName);
    if (v("vehicle_holder.consent_confirmed") !== "true") add("vehicle_holder.consent_confirmed", MSG.consent);
  }
  if (v("valid_from") !== "" && !/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(v("valid_from"))) add("valid_from", MSG.date);
  if (v("contact.phone") === "" && v("contact.email") === "") add("contact.phone", MSG.contact);
  return problems;
}

/** The values of a form that passes `checkPark`. */
export const VALID_PARK_VALUES: Record<string, string> = {
  ...PARK_FORM.values,
  zone: "A",
  "address.street": "Kortumstraße",
  "address.postal_code": "44787",
};

const STATE_LABEL: Record<HandoffView["state"], string> = {
  pending: "Wartet auf Übermittlung",
  delivering: "Wird übermittelt",
  delivered: "Im Portal eingegangen",
  rejected: "Vom Portal abgelehnt – bitte korrigieren",
};

/** An application as the core shows it. */
export function handoffView(extra: Partial<HandoffView> = {}): HandoffView {
  const state = extra.state ?? "pending";
  return {
    id: 1,
    callId: 42,
    service: PARK_SERVICE,
    serviceTitle: "Bewohnerparkausweis",
    state,
    stateLabel: extra.flagged ? "Übermittlung gestoppt – Teamleitung informiert" : STATE_LABEL[state],
    attempts: 0,
    reference: null,
    citizenLink: null,
    problems: [],
    lastError: null,
    flagged: false,
    createdAt: "2026-03-02T08:16:00+00:00",
    createdLabel: "02.03. 09:16",
    portalState: null,
    portalStateLabel: null,
    ...extra,
  };
}

export const REFERENCE = "MB-2026-000123";
export const CITIZEN_LINK = "https://mein.bochum.de/vorgang/MB-2026-000123?t=abc";

/** `handoff` as delivered, with the portal's reference and link. */
export function delivered(handoff: HandoffView): HandoffView {
  return {
    ...handoff,
    state: "delivered",
    stateLabel: STATE_LABEL.delivered,
    attempts: handoff.attempts + 1,
    reference: REFERENCE,
    citizenLink: CITIZEN_LINK,
  };
}

/** `handoff` as rejected by the portal with `problems`. */
export function rejected(handoff: HandoffView, problems: FieldProblemView[]): HandoffView {
  return { ...handoff, state: "rejected", stateLabel: STATE_LABEL.rejected, attempts: handoff.attempts + 1, problems };
}

export function withState(handoff: HandoffView, state: HandoffView["state"]): HandoffView {
  return { ...handoff, state, stateLabel: STATE_LABEL[state] };
}

const DECISION_LABEL: Record<PortalDecisionView, string> = {
  submitted: "Im Portal – noch nicht bearbeitet",
  accepted: "Vom Amt angenommen",
  rejected: "Vom Amt abgelehnt",
};

/** `handoff` (delivered) after asking the portal at `asked`: the office's decision, labelled as the core does. */
export function decided(handoff: HandoffView, decision: PortalDecisionView, asked = "02.03. 10:05"): HandoffView {
  return { ...handoff, portalState: decision, portalStateLabel: `${DECISION_LABEL[decision]} (Stand ${asked})` };
}
