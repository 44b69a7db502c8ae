/** `pnpm conformance`: parses, runs the suite, prints as it goes; returns the exit code. */
import { ConformanceError } from "../errors.ts";
import { runSuite, type StepOutcome } from "../suite.ts";
import { type ConformanceArgs, parseConformanceArgs, USAGE } from "./args.ts";
import { renderStep, renderSummary } from "./report.ts";

export interface ConformanceIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export async function runConformanceCli(
  io: ConformanceIo,
  suite: typeof runSuite = runSuite,
): Promise<number> {
  let args: ConformanceArgs;
  try {
    args = parseConformanceArgs(io.argv, io.env);
  } catch (error) {
    io.stderr(
      `conformance: ${(error as Error).message.replaceAll("\n", "\nconformance: ")}\n\n${USAGE}\n`,
    );
    return EXIT.usage;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const steps: StepOutcome[] = [];
  if (!args.json) io.stdout(`conformance against ${args.url}, database ${args.db}\n`);
  try {
    const outcome = await suite({
      url: args.url,
      db: args.db,
      adminLogin: args.adminLogin,
      adminPassword: args.adminPassword,
      apiKeyCommand: args.apiKeyCommand,
      ...(args.protocols ? { protocols: args.protocols } : {}),
      ...(args.recordDir ? { recordDir: args.recordDir } : {}),
      onStep: (step) => {
        steps.push(step);
        if (!args.json) io.stdout(renderStep(step));
      },
    });
    if (args.json) {
      io.stdout(`${JSON.stringify({ odoo: outcome.version, ok: outcome.ok, steps }, null, 2)}\n`);
    } else io.stdout(renderSummary(steps, undefined, outcome.version));
    return outcome.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    // Our own errors carry safe messages; anything else is reported without internals.
    const message =
      error instanceof ConformanceError ? `${error.code}: ${error.message}` : describe(error);
    if (args.json) io.stdout(`${JSON.stringify({ ok: false, steps, error: message }, null, 2)}\n`);
    else io.stdout(renderSummary(steps, message));
    return EXIT.failed;
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" ? `${code}: ${message}` : message;
}
