/**
 * The deploy artifact's entry point (bundled to dist/function/index.js). The Functions Framework
 * finds the target as a named export of the module (`--target=lookup`), so the bundle needs no
 * import of the framework itself and starts from a folder without node_modules.
 */
import { answerFrameworkBodyErrors, createLogger } from "@jsm-odoo/function-runtime";
import { MAX_BODY_BYTES } from "./config.ts";
import { createLookupFunction } from "./function.ts";
import { sendBodyRefusal } from "./responses.ts";

// Malformed JSON is refused by the framework's body parser before `lookup` runs; Express would
// answer an HTML page. Installed now, before the framework builds its app (it loads this module
// first): see answerFrameworkBodyErrors. `maxBodyBytes` refuses oversized or compressed bodies
// before the framework buffers and parses them (its own limit is 1024 MB).
answerFrameworkBodyErrors(createLogger(), {
  project: process.env.GOOGLE_CLOUD_PROJECT,
  respond: sendBodyRefusal,
  maxBodyBytes: MAX_BODY_BYTES,
});

export const lookup = createLookupFunction(process.env);
