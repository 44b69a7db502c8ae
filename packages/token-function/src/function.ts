/**
 * Entry point of the deployed function (bundled into `dist/function/index.js`). The Functions
 * Framework loads this module and calls the export named like `--target` (`token`). It is a
 * named export rather than `functions.http(...)` so that the bundle needs nothing from
 * node_modules to start: registering would import the framework from the function's folder.
 */
import { createLogger, guardFrameworkErrorLogs } from "@jsm-odoo/function-runtime";
import { createTokenFunction } from "./token-function.ts";

// Malformed JSON bodies are refused by the framework before `token` runs, and Express would log
// the raw body (the password with it): see guardFrameworkErrorLogs.
guardFrameworkErrorLogs(createLogger());

export const token = createTokenFunction(process.env);
