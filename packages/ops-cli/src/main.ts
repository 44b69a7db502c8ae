import {
  problemsMessage,
  RuntimeError,
  readFlags,
  type SecretSource,
  secretSourceFromEnv,
} from "@jsm-odoo/function-runtime";
import { lookupUrlVariable } from "@jsm-odoo/token-function/deployment";
import { accessPasswordProblem, readAccessPasswords } from "./access-password.ts";
import { type CliCommand, parseCommandLine, USAGE } from "./args.ts";
import { type Checklist, checklist, checklistJson, fail, renderChecklist } from "./checklist.ts";
import { runDoctor } from "./doctor/doctor.ts";
import { OpsError } from "./errors.ts";
import { runPasswordCommand } from "./password.ts";
import { DEFAULT_CONTRACT_PATH, loadContract } from "./smoke/contract.ts";
import { runSmoke } from "./smoke/smoke.ts";

export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CliDeps {
  /** Default: secretSourceFromEnv (SECRETS_SOURCE=env|secret-manager). */
  secretSource?: (env: Record<string, string | undefined>) => SecretSource;
  fetch?: typeof fetch;
  contractPath?: string;
}

/** `pnpm ops <command> ...`: runs one command, prints its checklist, returns the exit code. */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  deps: CliDeps = {},
): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (command.command === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (command.command === "password") return runPasswordCommand([], io);

  let list: Checklist;
  try {
    const secrets = (deps.secretSource ?? secretSourceFromEnv)(env);
    list =
      command.command === "doctor"
        ? await runDoctor({
            environment: command.environment,
            secrets,
            extraFields: command.extraFields ?? env.EXTRA_FIELDS,
            odooProtocol: env.ODOO_PROTOCOL,
            timeoutMs: command.timeoutMs,
          })
        : await smoke(command, env, secrets, deps);
  } catch (error) {
    // Configuration problems (SECRETS_SOURCE, URLs, the contract) stop before any check.
    const known =
      error instanceof OpsError ||
      (error instanceof RuntimeError && error.code === "CONFIG_INVALID");
    io.stderr(`error: ${known ? (error as Error).message : "unexpected failure"}\n`);
    return known ? EXIT.usage : EXIT.checkFailed;
  }
  io.stdout(command.json ? checklistJson(list) : renderChecklist(list));
  return list.ok ? EXIT.ok : EXIT.checkFailed;
}

async function smoke(
  command: Extract<CliCommand, { command: "smoke" }>,
  env: Record<string, string | undefined>,
  secrets: SecretSource,
  deps: CliDeps,
): Promise<Checklist> {
  // A flag wins over the variable that stands in for it, as in the usage.
  const flags = readFlags({ "token-url": command.tokenUrl, "lookup-url": command.lookupUrl }, env);
  const tokenUrl = flags.url(flags.flag("token-url", "TOKEN_URL"), {
    required: "the token function's URL",
  });
  const lookupUrl = flags.url(flags.flag("lookup-url", lookupUrlVariable(command.environment)), {
    required: `the ${command.environment} lookup function's URL`,
  });
  if (!tokenUrl || !lookupUrl) {
    throw new OpsError("USAGE", problemsMessage("invalid command line", flags.problems()));
  }

  const contract = loadContract(deps.contractPath ?? DEFAULT_CONTRACT_PATH);
  let password: string | undefined;
  try {
    // What the JSM rule sends: the environment's password, the new one during a rotation.
    const set = await readAccessPasswords(
      secrets,
      command.environment,
      command.timeoutMs ?? 10_000,
    );
    password =
      set.kind === "passwords" ? set.passwords[0] : set.kind === "weak" ? set.value : undefined;
  } catch (error) {
    return checklist(`smoke ${command.environment} ${command.serial}`, [
      fail(
        `secret access_password_${command.environment} or access_password is readable`,
        accessPasswordProblem(error, command.environment),
      ),
    ]);
  }
  if (password === undefined) {
    return checklist(`smoke ${command.environment} ${command.serial}`, [
      fail(
        `secret access_password_${command.environment} or access_password is readable`,
        "no enabled version",
      ),
    ]);
  }
  return runSmoke({
    environment: command.environment,
    serial: command.serial,
    tokenUrl,
    lookupUrl,
    password,
    contract,
    timeoutMs: command.timeoutMs,
    fetch: deps.fetch,
  });
}
