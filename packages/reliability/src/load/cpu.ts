/**
 * CPU time a process has used so far, from /proc/<pid>/stat (Linux). On a shared machine the
 * wall-clock speed of a load run says little; CPU per request is what a function instance would
 * spend on its own vCPU.
 */
import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc times are in these ticks on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` in milliseconds, or undefined when /proc cannot tell. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) is in parentheses and may hold spaces: count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, so 12 and 13 after comm.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
