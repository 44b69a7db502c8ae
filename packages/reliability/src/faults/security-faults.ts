/**
 * Configuration that would make a function unsafe, met as a fault: a plain-http Odoo URL, a weak
 * access password, and a per-environment password secret that is disabled (fall back) or
 * unreadable (an outage, never a fallback). Each must give its documented answer and heal.
 */

import { LOCAL_PROJECT as PROJECT } from "@jsm-odoo/local-stack/testing";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import type { Stack } from "../stack.ts";
import {
  type Armed,
  type FaultScenario,
  MARGIN_MS,
  MATRIX_DEADLINE_MS,
  SECRET_TTL_MS,
  sleep,
} from "./scenario.ts";

/** Never contacted: the function refuses it before any request. */
const PLAIN_HTTP_ODOO = "http://odoo.example.invalid:8069";
/** Strong by length and alphabet, but a dictionary word and a digit run. */
const WEAK_PASSWORD = "Password1234567890Password";
/** access_password_prod's value while it is disabled (never presented). */
const PROD_ONLY_PASSWORD = "rel-Prod-Only-9c4e1a7f3b5d2086";

const countLogs = (logs: readonly string[], text: string) =>
  logs.filter((line) => line.includes(text)).length;

export const SECURITY_SCENARIOS: readonly FaultScenario[] = [
  {
    name: "odoo_prod_server is plain http to another host",
    fault: `odoo_prod_server = ${PLAIN_HTTP_ODOO} on a fresh instance (no last good connection)`,
    fn: "lookup",
    expected: {
      status: 503,
      code: "CONFIG_INVALID",
      withinMs: MATRIX_DEADLINE_MS + MARGIN_MS,
      recoverWithinMs: 0,
    },
    promise:
      "503 CONFIG_INVALID, the reason logged once, the API key never sent (https only, loopback excepted)",
    async arm({ stack }) {
      const target = await stack.startLookup("prod", {
        REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
        SECRET_TTL_MS: String(SECRET_TTL_MS),
      });
      return {
        target,
        warmUp: false,
        async breakIt() {
          target.env.ODOO_PROD_SERVER = PLAIN_HTTP_ODOO;
        },
        async heal() {
          target.env.ODOO_PROD_SERVER = stack.emulator.url;
          await sleep(SECRET_TTL_MS + 20);
        },
        hits: (logs) => countLogs(logs, "must be an https:// URL"),
        secrets: [DEMO.users.integration.apiKey],
      };
    },
  },
  {
    name: "access password rotated to a guessable value",
    fault: `access_password = ${WEAK_PASSWORD.replace(/./g, "•")} (a dictionary word and a digit run, 26 characters)`,
    fn: "token",
    expected: { status: 503, code: "SERVICE_UNAVAILABLE", withinMs: MARGIN_MS, recoverWithinMs: 0 },
    promise: "503 SERVICE_UNAVAILABLE and one ERROR line saying why (never the value)",
    async arm({ stack }) {
      const target = await stack.startToken({ SECRET_TTL_MS: String(SECRET_TTL_MS) });
      const good = target.env.ACCESS_PASSWORD;
      return {
        target,
        warmUp: true,
        async breakIt() {
          target.env.ACCESS_PASSWORD = WEAK_PASSWORD;
          await sleep(SECRET_TTL_MS + 20);
        },
        async heal() {
          target.env.ACCESS_PASSWORD = good;
          await sleep(SECRET_TTL_MS + 20);
        },
        hits: (logs) => countLogs(logs, "refusing to serve tokens: the access password is built"),
        secrets: [WEAK_PASSWORD],
      };
    },
  },
  {
    name: "access_password_prod's latest version disabled (token, Secret Manager)",
    fault: "access_password_prod answers 400 FAILED_PRECONDITION (version disabled)",
    fn: "token",
    expected: { status: 200, code: null, withinMs: MARGIN_MS, recoverWithinMs: 0 },
    promise: "200: no enabled version means the shared access_password applies",
    async arm({ stack }) {
      const target = await stack.startToken(
        { SECRET_TTL_MS: String(SECRET_TTL_MS) },
        { secrets: "secret-manager" },
      );
      return perEnvironmentSecret(stack, target, (sm) => {
        sm.setSecret(PROJECT, "access_password_prod", PROD_ONLY_PASSWORD);
        sm.disableSecret(PROJECT, "access_password_prod");
      });
    },
  },
  {
    name: "access_password_prod unreadable (token, Secret Manager)",
    fault: "access_password_prod answers 403 PERMISSION_DENIED on a fresh instance",
    fn: "token",
    expected: { status: 503, code: "SERVICE_UNAVAILABLE", withinMs: MARGIN_MS, recoverWithinMs: 0 },
    promise:
      "503 SERVICE_UNAVAILABLE: any error but NOT_FOUND / FAILED_PRECONDITION is an outage, never a fallback to access_password",
    async arm({ stack }) {
      const target = await stack.startToken(
        { SECRET_TTL_MS: String(SECRET_TTL_MS) },
        { secrets: "secret-manager" },
      );
      return {
        ...perEnvironmentSecret(stack, target, (sm) =>
          sm.failSecret(PROJECT, "access_password_prod", 403),
        ),
        warmUp: false,
      };
    },
  },
];

function perEnvironmentSecret(
  stack: Stack,
  target: Armed["target"],
  breakIt: (sm: Stack["secretManager"]) => void,
): Armed {
  const sm = stack.secretManager;
  const path = "/secrets/access_password_prod/";
  let before = 0;
  return {
    target,
    warmUp: true,
    async breakIt() {
      breakIt(sm);
      await sleep(SECRET_TTL_MS + 20);
      before = sm.requests.length;
    },
    async heal() {
      sm.failSecret(PROJECT, "access_password_prod", undefined);
      sm.deleteSecret(PROJECT, "access_password_prod");
      await sleep(SECRET_TTL_MS + 20);
    },
    hits: () => sm.requests.slice(before).filter((request) => request.includes(path)).length,
    secrets: [PROD_ONLY_PASSWORD],
  };
}
