// What other packages use: the function's factory (local stack, infra's signal test), its
// configuration parser (infra's contract test), the body-parser refusal its entry installs,
// and the secret-read budget the fault matrix times. Names for infra are in `./deployment`;
// the contract validator in `./contract`.
export type { LookupConfig } from "./config.ts";
export { parseLookupConfig } from "./config.ts";
export type { LookupFunctionOptions } from "./function.ts";
export { createLookupFunction } from "./function.ts";
export type { LookupHandler } from "./handler.ts";
export { SECRET_READ_BUDGET_MS } from "./odoo-connection.ts";
export { sendBodyRefusal } from "./responses.ts";
