import { generatePassword, passwordWeakness } from "@jsm-odoo/token-function";

export const PASSWORD_USAGE = `Usage:
  pnpm ops password

Prints a new access password: 32 bytes from the operating system's CSPRNG, base64url (43
characters, 256 bits), the kind the token function's check always accepts. Only the password
goes to stdout, so it can be piped straight into Secret Manager:
  pnpm -s ops password | gcloud secrets versions add access_password_prod --data-file=-`;

/** `pnpm ops password`: prints one freshly generated access password; returns the exit code. */
export function runPasswordCommand(
  argv: readonly string[],
  io: { stdout(text: string): void; stderr(text: string): void },
): number {
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    io.stdout(`${PASSWORD_USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    io.stderr(`error: password takes no arguments (got ${argv.join(" ")})\n\n${PASSWORD_USAGE}\n`);
    return 2;
  }
  const password = generatePassword();
  // The generator's output passes by construction; checked anyway, so a regression cannot print
  // a password the token function would refuse.
  const weakness = passwordWeakness(password);
  if (weakness) {
    io.stderr("error: the generated password failed the token function's check; run it again\n");
    return 1;
  }
  io.stdout(`${password}\n`);
  return 0;
}
