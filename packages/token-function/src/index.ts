// What other packages use: the function's factory (local stack, infra's signal test), its
// configuration parser (infra's contract test), and the password rules the operator tool
// applies. Names for infra are in `./deployment`.
export type { AccessPasswordSet } from "./access-passwords.ts";
export { absenceAsValue, createAccessPasswords } from "./access-passwords.ts";
export type { TokenConfig } from "./config.ts";
export { parseTokenConfig } from "./config.ts";
export type { TokenFunctionOptions } from "./function.ts";
export { createTokenFunction } from "./function.ts";
export { generatePassword, MIN_PASSWORD_BITS, passwordWeakness } from "./password.ts";
