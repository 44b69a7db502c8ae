/**
 * Entry point of the deployed function (bundled into `dist/function/index.js`). The Functions
 * Framework loads this module and calls the export named like `--target` (`token`). It is a
 * named export rather than `functions.http(...)` so that the bundle needs nothing from
 * node_modules to start: registering would import the framework from the function's folder.
 */
import { answerFrameworkBodyErrors, createLogger } from "@jsm-odoo/function-runtime";
import { MAX_BODY_BYTES } from "./config.ts";
import { createTokenFunction } from "./function.ts";

// Malformed JSON bodies are refused by the framework before `token` runs: Express would answer
// HTML and log the raw body (the password with it). Installed before the framework builds its
// app, which it does after loading this module: see answerFrameworkBodyErrors. `maxBodyBytes`
// stops oversized or compressed bodies before the framework buffers and parses them: this
// function is public, and parsing 32 MiB of JSON costs seconds of CPU and a gigabyte.
answerFrameworkBodyErrors(createLogger(), {
  project: process.env.GOOGLE_CLOUD_PROJECT,
  maxBodyBytes: MAX_BODY_BYTES,
});

export const token = createTokenFunction(process.env);
