export type { LocalIssuerOptions, MintRequest, RunningLocalIssuer } from "./server.ts";
export { startLocalIssuer } from "./server.ts";
export type { TestTokenOptions } from "./test-tokens.ts";
export { signTestToken } from "./test-tokens.ts";
