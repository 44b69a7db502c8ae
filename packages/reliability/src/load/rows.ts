/**
 * The load run's expectations, judged from its figures: one EvidenceRow each. The expected
 * texts are the documented behaviour (packages/token-function/README.md).
 */
import type { EvidenceRow } from "../evidence.ts";
import type { CannonFigures } from "./cannon.ts";
import type {
  HostileHeaderFigures,
  LookupFigures,
  TokenBurstFigures,
  WrongPasswordFigures,
} from "./run.ts";

/** CPU one hostile-header request may cost: ~1 ms measured, ~135 ms with backtracking redaction. */
export const HOSTILE_HEADER_CPU_MS = 10;

const AREA = "load";

const statuses = (figures: CannonFigures) =>
  Object.entries(figures.statuses)
    .map(([status, count]) => `${count} × ${status}`)
    .join(", ") || "no answer";

const speed = (figures: CannonFigures) =>
  `in ${figures.durationSeconds} s (${figures.requestsPerSecond}/s); latency ms p50 ${figures.latencyMs.p50}, p97.5 ${figures.latencyMs.p97_5}, p99 ${figures.latencyMs.p99}, max ${figures.latencyMs.max}`;

const failures = (figures: CannonFigures) =>
  `${figures.errors} errors, ${figures.timeouts} timeouts, ${figures.wrongBodies} wrong bodies${figures.problems.length > 0 ? ` (${figures.problems.join("; ")})` : ""}`;

const only = (figures: CannonFigures, allowed: readonly string[]) =>
  Object.keys(figures.statuses).every((status) => allowed.includes(status));

const stray = (lines: number) => `${lines} stderr or non-JSON log lines`;

const clean = (figures: CannonFigures) =>
  figures.errors === 0 && figures.timeouts === 0 && figures.wrongBodies === 0;

export function lookupRows(figures: LookupFigures, latencyMs: number): EvidenceRow[] {
  const setting = `ODOO_MAX_CONCURRENT_REQUESTS=${figures.odooLimit}`;
  return [
    {
      area: AREA,
      scenario: `${figures.connections} concurrent lookups of one serial, Odoo answering after ${latencyMs} ms, ${setting}`,
      expected:
        "every answer 200 and identical to a quiet lookup's; no errors, timeouts or error logs; nothing on stderr, only JSON log lines",
      observed: `${statuses(figures)} ${speed(figures)}; ${figures.cpuMsPerRequest} ms CPU per lookup; ${failures(figures)}; ${figures.errorLogLines} error log lines; ${stray(figures.strayLogLines)}`,
      pass:
        figures.requests > 0 &&
        only(figures, ["200"]) &&
        clean(figures) &&
        figures.errorLogLines === 0 &&
        figures.strayLogLines === 0,
    },
    {
      area: AREA,
      scenario: `Odoo requests in flight from one lookup instance under that load, ${setting}`,
      // Reaching the limit shows it is what binds: with more lookups than the limit waiting,
      // a peak under it would mean the setting was not what limited the calls.
      expected: `at most ${figures.odooLimit} at the Odoo server at any moment, and exactly ${figures.odooLimit} at the peak`,
      observed: `peak ${figures.odooInFlightPeak} in flight (${figures.odooRequests} Odoo requests for ${figures.requests} lookups)`,
      pass: figures.odooInFlightPeak === figures.odooLimit,
    },
    {
      area: AREA,
      scenario: `memory of that lookup instance (${setting})`,
      expected: `peak resident memory below the deployed ${figures.memoryMiB} MiB`,
      observed: `peak RSS (VmHWM) ${figures.peakRssMiB} MiB`,
      pass: figures.peakRssMiB < figures.memoryMiB,
    },
  ];
}

export function tokenRows(burst: TokenBurstFigures, wrong: WrongPasswordFigures): EvidenceRow[] {
  const answered401 = wrong.statuses["401"] ?? 0;
  const answered429 = wrong.statuses["429"] ?? 0;
  return [
    {
      area: AREA,
      scenario: `${burst.connections} concurrent token requests with the right password, ${burst.requests} in all`,
      expected:
        "every answer 200 with the same cached token (expires_in >= 300 s); at most one generateIdToken call; nothing on stderr, only JSON log lines",
      observed: `${statuses(burst)} ${speed(burst)}; ${burst.cpuMsPerRequest} ms CPU per request; ${failures(burst)}; ${burst.mintRequests} generateIdToken calls; ${stray(burst.strayLogLines)}`,
      pass:
        burst.requests > 0 &&
        only(burst, ["200"]) &&
        clean(burst) &&
        burst.mintRequests <= 1 &&
        burst.strayLogLines === 0,
    },
    {
      area: AREA,
      scenario: "memory of the token instance after the bursts",
      expected: `peak resident memory below the deployed ${burst.memoryMiB} MiB`,
      observed: `peak RSS (VmHWM) ${burst.peakRssMiB} MiB`,
      pass: burst.peakRssMiB < burst.memoryMiB,
    },
    {
      area: AREA,
      scenario: `${wrong.connections} concurrent token requests with a wrong password from one address, ${wrong.requests} in all`,
      expected: `${wrong.budget} × 401 UNAUTHORIZED (floor(100 / MAX_INSTANCES) per hour, address and instance), then only 429 TOO_MANY_FAILURES with Retry-After; nothing else; nothing on stderr, only JSON log lines`,
      observed: `${statuses(wrong)} ${speed(wrong)}; ${failures(wrong)}; ${stray(wrong.strayLogLines)}`,
      pass:
        only(wrong, ["401", "429"]) &&
        answered401 === wrong.budget &&
        answered429 === wrong.requests - wrong.budget &&
        clean(wrong) &&
        wrong.strayLogLines === 0,
    },
    {
      area: AREA,
      scenario:
        "the right password from that address and from another one (JSM's), and a lookup with an already issued token, after that burst",
      expected:
        "token from the burst's address: 429 with Retry-After (its budget is spent); from another address: 200 (a stranger cannot lock JSM out); lookup: 200",
      observed: `token from the burst's address ${wrong.rightPasswordAfter.status} (Retry-After ${wrong.rightPasswordAfter.retryAfter ?? "none"}), from another ${wrong.rightPasswordElsewhere}; lookup ${wrong.lookupAfter}`,
      pass:
        wrong.rightPasswordAfter.status === 429 &&
        wrong.rightPasswordAfter.retryAfter !== null &&
        wrong.rightPasswordElsewhere === 200 &&
        wrong.lookupAfter === 200,
    },
  ];
}

export function hostileHeaderRows(
  figures: Record<"token" | "lookup", HostileHeaderFigures>,
): EvidenceRow[] {
  return (["token", "lookup"] as const).map((kind) => {
    const f = figures[kind];
    return {
      area: AREA,
      scenario: `${f.requests} ${kind} requests whose Content-Type is 15 KB of a.a.a… (Content-Encoding: gzip), ${f.connections} at a time`,
      expected: `every answer 415 UNSUPPORTED_ENCODING before the body is read; under ${HOSTILE_HEADER_CPU_MS} ms CPU per request (only a short, validated media type is logged; redaction scans the kept prefix once)`,
      observed: `${statuses(f)} ${speed(f)}; ${f.cpuMsPerRequest} ms CPU per request; ${failures(f)}`,
      pass:
        f.requests > 0 && only(f, ["415"]) && clean(f) && f.cpuMsPerRequest < HOSTILE_HEADER_CPU_MS,
    };
  });
}
