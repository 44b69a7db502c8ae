/**
 * Odoo breaking in every way the fault matrix covers: nobody listening, a dropped connection,
 * a hang past the deadline, the proxy's HTML 502, cut-off XML, wrong credentials, a model it
 * refuses, and an error text quoting the API key. The documented answer to all but the hang is
 * 502 ODOO_FAILED ("Odoo refused the credentials, is unreachable or answered garbage").
 */

import type { LocalFunction } from "@jsm-odoo/local-stack/testing";
import { DEMO, type FaultKind } from "@jsm-odoo/odoo-emulator";
import type { Gate } from "./gate.ts";
import {
  type Armed,
  type Expected,
  type FaultScenario,
  MARGIN_MS,
  MATRIX_DEADLINE_MS,
  SECRET_TTL_MS,
  sleep,
} from "./scenario.ts";

/** Log lines naming a refused connection: the closed port was really tried. */
export const refusedConnections = (logs: readonly string[]): number =>
  logs.filter((line) => line.includes("ECONNREFUSED")).length;

/** `target` reaches a stand-in through `gate`; the fault closes the port (ECONNREFUSED). */
export function closedPort(target: LocalFunction, gate: Gate, warmUp: boolean): Armed {
  return {
    target,
    warmUp,
    breakIt: () => gate.set("refuse"),
    heal: () => gate.set("open"),
    hits: refusedConnections,
    secrets: [],
  };
}

const lookupWithin: Expected["withinMs"] = MATRIX_DEADLINE_MS + MARGIN_MS;

/** A fault injected into the emulator, against the shared warm lookup. */
function emulatorFault(name: string, fault: string, kind: FaultKind, match = {}): FaultScenario {
  return {
    name,
    fault,
    fn: "lookup",
    expected: { status: 502, code: "ODOO_FAILED", withinMs: lookupWithin, recoverWithinMs: 0 },
    promise: "502 ODOO_FAILED: Odoo refused the credentials, is unreachable or answered garbage",
    async arm({ stack, lookup }) {
      const before = stack.faultHits();
      return {
        target: lookup,
        warmUp: false,
        breakIt: async () => stack.emulator.faults.inject({ match, kind }),
        heal: async () => stack.emulator.faults.clear(),
        hits: () => stack.faultHits() - before,
        secrets: [],
      };
    },
  };
}

const WRONG_API_KEY = "rel-wrong-odoo-key-5d1e0c2b9a8f7e6d";

export const ODOO_SCENARIOS: readonly FaultScenario[] = [
  {
    name: "Odoo refuses connections",
    fault: "nothing listens on Odoo's port (TCP gate closed: ECONNREFUSED)",
    fn: "lookup",
    expected: { status: 502, code: "ODOO_FAILED", withinMs: lookupWithin, recoverWithinMs: 0 },
    promise: "502 ODOO_FAILED: Odoo is unreachable",
    async arm({ stack, gate }) {
      const odoo = await gate(stack.emulator.url);
      const target = await stack.startLookup("prod", {
        REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
        ODOO_PROD_SERVER: odoo.url,
      });
      return closedPort(target, odoo, true);
    },
  },
  emulatorFault(
    "Odoo drops the connection mid-request",
    'emulator fault "refuse-connection" on every call (socket destroyed after the request)',
    "refuse-connection",
  ),
  {
    name: "Odoo hangs past the deadline",
    fault: `emulator fault "hang" on every call; REQUEST_DEADLINE_MS=${MATRIX_DEADLINE_MS}`,
    fn: "lookup",
    expected: {
      status: 504,
      code: "DEADLINE_EXCEEDED",
      withinMs: lookupWithin,
      notBeforeMs: MATRIX_DEADLINE_MS - 50,
      recoverWithinMs: 0,
    },
    promise: "504 DEADLINE_EXCEEDED when the request deadline passes (Odoo calls are aborted)",
    async arm(context) {
      return emulatorFault("", "", "hang").arm(context);
    },
  },
  emulatorFault(
    "Odoo's proxy answers 502 with an HTML page",
    'emulator fault "http-502": nginx\'s HTML "502 Bad Gateway" page, Server: nginx',
    "http-502",
  ),
  emulatorFault(
    "Odoo sends malformed XML",
    'emulator fault "malformed-xml": a 200 XML-RPC answer cut off mid-document',
    "malformed-xml",
  ),
  {
    name: "Odoo rejects the credentials",
    fault: "odoo_prod_pass holds a wrong API key (authenticate answers false)",
    fn: "lookup",
    expected: { status: 502, code: "ODOO_FAILED", withinMs: lookupWithin, recoverWithinMs: 0 },
    promise: "502 ODOO_FAILED: Odoo refused the credentials",
    async arm({ stack }) {
      const target = await stack.startLookup("prod", {
        REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
        SECRET_TTL_MS: String(SECRET_TTL_MS),
      });
      let before = 0;
      return {
        target,
        warmUp: true,
        async breakIt() {
          target.env.ODOO_PROD_PASS = WRONG_API_KEY;
          await sleep(SECRET_TTL_MS + 20);
          before = stack.emulator.requests();
        },
        async heal() {
          target.env.ODOO_PROD_PASS = DEMO.users.integration.apiKey;
          await sleep(SECRET_TTL_MS + 20);
        },
        // Calls carrying the wrong key: the refusal came from Odoo, not from the function.
        hits: () => stack.emulator.requests() - before,
        secrets: [WRONG_API_KEY],
      };
    },
  },
  emulatorFault(
    "Odoo denies access to a model",
    "emulator XML-RPC fault 4 (AccessError) on every stock.lot call",
    {
      fault: { code: 4, string: "You are not allowed to access 'Lot/Serial' (stock.lot) records." },
    },
    { model: "stock.lot" },
  ),
  emulatorFault(
    "Odoo's error text quotes the API key",
    "emulator XML-RPC fault 1 whose traceback ends with the integration user's API key",
    {
      fault: {
        code: 1,
        string: `Traceback (most recent call last):\n  File "odoo/http.py"\nValueError: bad key ${DEMO.users.integration.apiKey}`,
      },
    },
  ),
];
