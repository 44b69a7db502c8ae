/** The operator docs whose commands the tests run or parse. */
import { readRepoFile } from "./repo.ts";

export const OPERATOR_DOCS = [
  "docs/operations.md",
  "docs/odoo-integration-user.md",
  "docs/jsm-automation.md",
  "packages/ops-cli/README.md",
  "README.md",
];

export const READ_ONLY_DOC = () => readRepoFile("docs/odoo-integration-user.md");

/**
 * Every `pnpm ops ...` / `./pnpmw ops ...` command in a Markdown file's code, with line
 * continuations joined and leading `VAR=value` assignments dropped: the argv the CLI receives.
 */
export function opsCommands(markdown: string): { line: string; argv: string[] }[] {
  const joined = markdown.replace(/\\\n\s*/g, " ");
  const commands: { line: string; argv: string[] }[] = [];
  for (const match of joined.matchAll(/(?:\.\/pnpmw|pnpm)(?: -s)? ops ([^`\n|]*)/g)) {
    const line = match[0].trim();
    commands.push({ line, argv: shellWords(match[1] ?? "") });
  }
  return commands;
}

/** Splits like a shell for the simple cases docs use: quotes, `$VARS`, no expansions. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.trim().matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return words;
}
