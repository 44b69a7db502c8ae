/**
 * The wire protocol doctor speaks to Odoo: the lookup function's own `ODOO_PROTOCOL` setting, so
 * doctor checks exactly the path the function will take.
 */
import { LOOKUP_ENV } from "@jsm-odoo/lookup-function/deployment";
import {
  FIRST_JSON2_MAJOR,
  ODOO_PROTOCOL_SETTINGS,
  type OdooProtocolSetting,
  type ProtocolChoice,
} from "@jsm-odoo/odoo-client";
import { type Check, fail, pass } from "../checklist.ts";

/** The lookup function's default when the variable is unset. */
export const DEFAULT_ODOO_PROTOCOL: OdooProtocolSetting = "auto";

const NAME = LOOKUP_ENV.odooProtocol;

/** `protocol` is undefined when the value is invalid (the check then says why). */
export function checkOdooProtocol(raw: string | undefined): {
  protocol: OdooProtocolSetting | undefined;
  check: Check;
} {
  const value = raw?.trim() ?? "";
  if (value === "") {
    return {
      protocol: DEFAULT_ODOO_PROTOCOL,
      check: pass(`Odoo protocol ${DEFAULT_ODOO_PROTOCOL}`, `${NAME} is not set (the default)`),
    };
  }
  const protocol = ODOO_PROTOCOL_SETTINGS.find((p) => p === value);
  if (protocol === undefined) {
    return {
      protocol,
      check: fail(
        `${NAME} is valid`,
        `"${value}" is not one of ${ODOO_PROTOCOL_SETTINGS.join(", ")} (json2 needs Odoo 19+ and an API key)`,
      ),
    };
  }
  return { protocol, check: pass(`Odoo protocol ${protocol}`, `from ${NAME}`) };
}

/**
 * JSON-2 exists from Odoo 19 on and accepts API keys only (Odoo 19 "External JSON-2 API"), the
 * two usual reasons a json2 setup fails: said next to the failure, not left to guess.
 */
export function protocolHint(
  protocol: OdooProtocolSetting,
  failure: "unreachable" | "login",
  serverMajor = 0,
): string {
  if (protocol === "auto" && failure === "login" && serverMajor >= FIRST_JSON2_MAJOR) {
    return " (on Odoo 19 and later the secret must be an API key: JSON-2 takes no password)";
  }
  if (protocol !== "json2") return "";
  return failure === "unreachable"
    ? ` (${NAME}=json2 needs Odoo 19 or later; use xmlrpc for older versions)`
    : ` (${NAME}=json2 accepts an API key only, not a password)`;
}

/**
 * What `auto` settled on against this Odoo. Staying on XML-RPC with an Odoo that serves JSON-2
 * means the secret holds a password: it works today, and stops when Odoo 22 removes XML-RPC.
 */
export function checkProtocolChoice(choice: ProtocolChoice, serverMajor: number): Check {
  const name = `Odoo protocol in use: ${choice.protocol}`;
  if (
    choice.requested === "auto" &&
    choice.protocol === "xmlrpc" &&
    serverMajor >= FIRST_JSON2_MAJOR
  ) {
    return fail(name, choice.reason);
  }
  return pass(name, choice.reason);
}
