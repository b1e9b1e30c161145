// Request keys: the window names each "take a call" and each forward it sends, and sends the same name again when it
// tries again, so the core can tell a repeat from a new write (see the core's `cases::RequestKey`: 16 to 64 letters,
// digits, '-' or '_').

/** A fresh random key (a UUID where the runtime has one, else 32 random hex digits). */
export function newRequestKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
