/**
 * The deploy artifact's entry point (bundled to dist/function/index.js). The Functions Framework
 * finds the target as a named export of the module (`--target=lookup`), so the bundle needs no
 * import of the framework itself and starts from a folder without node_modules.
 */
import { answerFrameworkBodyErrors, createLogger } from "@jsm-odoo/function-runtime";
import { createLookupFunction } from "./function.ts";
import { sendBodyRefusal } from "./responses.ts";

// Malformed JSON is refused by the framework's body parser before `lookup` runs; Express would
// answer an HTML page. Installed now, before the framework builds its app (it loads this module
// first): see answerFrameworkBodyErrors.
answerFrameworkBodyErrors(createLogger(), {
  project: process.env.GOOGLE_CLOUD_PROJECT,
  respond: sendBodyRefusal,
});

export const lookup = createLookupFunction(process.env);
