/**
 * Test helpers for the functions built on function-runtime (`@jsm-odoo/function-runtime/testing`),
 * kept apart from the main entry point so that no deployed bundle ever imports them.
 */

export { documentedSettings } from "./documented-settings.ts";
export type { FakeSecretManager } from "./fake-secret-manager.ts";
export { startFakeSecretManager } from "./fake-secret-manager.ts";
export type { UnfinishedBodyAnswer } from "./unfinished-body.ts";
export { sendWithoutFinishing } from "./unfinished-body.ts";
