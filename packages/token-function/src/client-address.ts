import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The address a wrong password is counted against: the one Google's front end reports, never a
 * value the caller chose.
 *
 * WHY the last `X-Forwarded-For` entry. The function is called on its own run.app /
 * cloudfunctions.net URL, with no load balancer of ours in front. A client may send its own
 * `X-Forwarded-For`; Google's front end (GFE) then either replaces the header with the address
 * that connected to it or appends that address, and both have been reported for Cloud Run:
 * - Google documents the header only as "a comma-delimited list of IP addresses through which
 *   the client request has been routed" whose first entry is "generally" the client
 *   (https://cloud.google.com/functions/docs/reference/headers): the first entry is whatever the
 *   client wrote, so it is never used;
 * - for its load balancers Google spells it out: `<supplied-value>,<client-ip>,<load-balancer-ip>`,
 *   and only the entries the load balancer adds are verified
 *   (https://cloud.google.com/load-balancing/docs/https#x-forwarded-for_header): the front end
 *   adds to the right;
 * - direct requests to a Cloud Run URL carry just the connecting address (Kubernetes'
 *   registry.k8s.io `pkg/net/clientip`: "Cloud Run's frontend sets X-Forwarded-For to just
 *   <client-ip>"; https://blog.cateiru.com/entry/2024/02/19/233045 saw a supplied value dropped).
 * In every one of these the rightmost entry is the one the front end wrote, so that is the only
 * position read. (Behind a load balancer it would be the balancer's own address: then the budget
 * would have to read the second from the right. This deployment has none.)
 *
 * Without the header (local runs, tests) the socket's address counts. Locally a caller can
 * forge the header; in Google Cloud it cannot choose the rightmost entry.
 *
 * IPv6 addresses count per /64: one subscriber usually holds a whole /64 and could otherwise
 * rotate through 2^64 budgets. IPv4-mapped IPv6 counts as the IPv4 address.
 */
export function clientAddress(req: Pick<IncomingMessage, "headers" | "socket">): string {
  const header = req.headers["x-forwarded-for"];
  const joined = Array.isArray(header) ? header.join(",") : header;
  const last = joined?.slice(joined.lastIndexOf(",") + 1).trim();
  const raw = last || req.socket.remoteAddress || "unknown";
  return budgetKey(raw);
}

/** The budget key of one address: IPv4 as is, IPv6 as its /64, anything else marked unusual. */
export function budgetKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped && isIP(mapped) === 4) return mapped;
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind === 6) return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
  // Not an address: the front end never writes one, so all such requests share one budget.
  return "unparsable";
}

/** The eight 16-bit groups of an IPv6 address, lower-case, without leading zeros. */
function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("%")[0]?.split("::") ?? [""];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => "0"), ...right].map((group) =>
    group.includes(".") ? group : String(Number.parseInt(group || "0", 16).toString(16)),
  );
}
