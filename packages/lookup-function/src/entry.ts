/**
 * The deploy artifact's entry point (bundled to dist/function/index.js). The Functions Framework
 * finds the target as a named export of the module (`--target=lookup`), so the bundle needs no
 * import of the framework itself and starts from a folder without node_modules.
 */
import { createLookupFunction } from "./function.ts";

export const lookup = createLookupFunction(process.env);
