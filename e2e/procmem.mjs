// Memory of the desk with all its processes: the main process (found by its
// executable) and every descendant (WebKitWebProcess, WebKitNetworkProcess and
// whatever else WebKitGTK starts), PSS from /proc/<pid>/smaps_rollup. PSS
// shares the pages several processes map between them, so the sum is what the
// desk costs the machine.
import { readFileSync, readdirSync, readlinkSync, realpathSync } from "node:fs";

function pids() {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}

function read(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the process ended meanwhile, or is not ours to read
  }
}

/** Parent pid and name from /proc/<pid>/stat (the name may hold spaces and parentheses). */
function stat(pid) {
  const text = read(`/proc/${pid}/stat`);
  if (text === null) return null;
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  const rest = text.slice(close + 2).split(" ");
  return { pid, name: text.slice(open + 1, close), ppid: Number(rest[1]) };
}

function pssKiB(pid) {
  const text = read(`/proc/${pid}/smaps_rollup`);
  const match = text && /^Pss:\s+(\d+) kB/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** The pids running `executable`, and all their descendants. */
export function deskProcesses(executable) {
  const target = realpathSync(executable);
  const all = pids().map(stat).filter((s) => s !== null);
  const roots = all.filter((s) => {
    try {
      return readlinkSync(`/proc/${s.pid}/exe`) === target;
    } catch {
      return false;
    }
  });
  const found = new Map(roots.map((s) => [s.pid, s]));
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of all) {
      if (!found.has(s.pid) && found.has(s.ppid)) {
        found.set(s.pid, s);
        grew = true;
      }
    }
  }
  return [...found.values()];
}

/** PSS of the desk's processes in KiB: the total and one row per process. */
export function deskPss(executable) {
  const processes = deskProcesses(executable)
    .map((p) => ({ ...p, pss: pssKiB(p.pid) }))
    .filter((p) => p.pss !== null);
  return { total: processes.reduce((sum, p) => sum + p.pss, 0), processes };
}

export const mib = (kib) => (kib / 1024).toFixed(1);

/** One line: total and per process name. */
export function describePss(pss) {
  const parts = pss.processes.map((p) => `${p.name} ${mib(p.pss)}`).join(", ");
  return `${mib(pss.total)} MiB (${parts})`;
}

/** The environment of a process as name → value (null when it cannot be read). */
export function environment(pid) {
  const text = read(`/proc/${pid}/environ`);
  if (text === null) return null;
  const pairs = text.split("\0").map((entry) => [entry, entry.indexOf("=")]);
  return new Map(pairs.filter(([, at]) => at > 0).map(([entry, at]) => [entry.slice(0, at), entry.slice(at + 1)]));
}
