/**
 * Finds the `pnpm <script>` / `./pnpmw <script>` commands in shell text (workflow `run:` blocks,
 * code blocks in the docs) and resolves them against the workspace's package.json scripts.
 */
import { readPackageJson } from "./repo.ts";

/** pnpm's own commands: not package scripts. */
const PNPM_BUILTINS = new Set(["install", "i", "exec", "dlx", "add", "remove", "update", "store"]);

export interface PnpmCommand {
  /** The script name (`infra:diff`), or the builtin (`install`). */
  name: string;
  builtin: boolean;
  /** Words after the script name, up to the end of the command. */
  args: string[];
  line: string;
}

export function findPnpmCommands(shell: string): PnpmCommand[] {
  const commands: PnpmCommand[] = [];
  for (const rawLine of shell.split("\n")) {
    const line = rawLine.trim();
    // Every `pnpm` or `./pnpmw` at the start of a command (line start, after `&&`, `;`, `|`, `if`).
    const pattern = /(?:^|&&|;|\||\bif\s+|\$\()\s*(?:\.\/pnpmw|pnpm)\s+([^;&|)]*)/g;
    for (const match of line.matchAll(pattern)) {
      const words = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
      while (words[0]?.startsWith("-")) words.shift(); // -s, --silent
      let name = words.shift();
      if (!name) continue;
      if (name === "run") name = words.shift() ?? "";
      commands.push({ name, builtin: PNPM_BUILTINS.has(name), args: words, line });
    }
  }
  return commands;
}

/**
 * Problems with one command: the root script must exist, and where it delegates with
 * `pnpm --filter <package> run <script>`, that package must have that script.
 */
export function scriptProblems(command: PnpmCommand): string[] {
  if (command.builtin) return [];
  const root = readPackageJson(".");
  const body = root.scripts?.[command.name];
  if (body === undefined)
    return [`\`${command.line}\`: root package.json has no script "${command.name}"`];
  const delegated = /pnpm --filter (\S+) run (\S+)/.exec(body);
  if (!delegated?.[1] || !delegated[2]) return [];
  const dir = workspaceDirOf(delegated[1]);
  if (!dir) return [`script "${command.name}" delegates to unknown package ${delegated[1]}`];
  const target = readPackageJson(dir).scripts?.[delegated[2]];
  return target === undefined ? [`${delegated[1]} has no script "${delegated[2]}"`] : [];
}

function workspaceDirOf(packageName: string): string | undefined {
  if (packageName === "@jsm-odoo/infra") return "infra";
  const short = packageName.replace(/^@jsm-odoo\//, "");
  try {
    return readPackageJson(`packages/${short}`).name === packageName
      ? `packages/${short}`
      : undefined;
  } catch {
    return undefined;
  }
}
