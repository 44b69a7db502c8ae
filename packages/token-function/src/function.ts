/**
 * Entry point of the deployed function (bundled into `dist/function/index.js`). The Functions
 * Framework loads this module and calls the export named like `--target` (`token`). It is a
 * named export rather than `functions.http(...)` so that the bundle needs nothing from
 * node_modules to start: registering would import the framework from the function's folder.
 */
import { createTokenFunction } from "./token-function.ts";

export const token = createTokenFunction(process.env);
