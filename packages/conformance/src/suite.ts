/**
 * One conformance run against one Odoo database: seed the scenarios (admin), set up the two
 * users, get their API keys, then prove the lookup over every protocol and doctor for both
 * users, and, with a recording directory, record what the project and the probes sent and what
 * Odoo answered. Returns every step's outcome; the CLI prints them.
 */
import { createOdooClient, type OdooProtocolSetting } from "@jsm-odoo/odoo-client";
import { apiKeyFor } from "./api-keys.ts";
import { exportFixture } from "./record/fixture-export.ts";
import { probesFor } from "./record/probes.ts";
import { type RecordingProxy, startRecordingProxy } from "./record/proxy.ts";
import { distinctExchanges, writeRecording } from "./record/recording.ts";
import { fixtureUser, keyPlaceholder } from "./record/user-rights.ts";
import type { Mismatch } from "./run/compare.ts";
import { checkDoctor } from "./run/doctor.ts";
import { expectedRequests } from "./run/expectations.ts";
import { checkLookup, protocolsFor } from "./run/lookups.ts";
import { seedScenarios } from "./seed/seed.ts";
import {
  BROADER_USER,
  ensureReadOnlyGroup,
  ensureUser,
  INTEGRATION_USER,
  type SuiteUser,
} from "./seed/users.ts";
import { connectWriter } from "./writer/odoo-writer.ts";

export interface SuiteOptions {
  url: string;
  db: string;
  adminLogin: string;
  adminPassword: string;
  /** Prints a new API key for `{login}` (see api-keys.ts). */
  apiKeyCommand: string;
  /** Default: protocolsFor(major). */
  protocols?: readonly OdooProtocolSetting[];
  /** Called as each step ends, so a long run shows progress. */
  onStep?: (step: StepOutcome) => void;
  /** Records every request of the lookups, doctor runs and probes, with Odoo's answers. */
  recordDir?: string;
}

export interface StepOutcome {
  name: string;
  ok: boolean;
  detail: string;
  mismatches: readonly Mismatch[];
}

export interface SuiteOutcome {
  version: string;
  major: number;
  steps: StepOutcome[];
  ok: boolean;
  users: { integration: SuiteUserKey; broader: SuiteUserKey };
}

export interface SuiteUserKey {
  login: string;
  uid: number;
  apiKey: string;
}

export async function runSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const steps: StepOutcome[] = [];
  const step = (outcome: StepOutcome) => {
    steps.push(outcome);
    options.onStep?.(outcome);
  };
  const writer = await connectWriter({
    url: options.url,
    db: options.db,
    login: options.adminLogin,
    password: options.adminPassword,
  });

  const started = Date.now();
  const world = await seedScenarios(writer);
  const orders = Object.keys(world.orders).length;
  step({
    name: "seed",
    ok: true,
    detail: `${world.lots.size} lots, ${orders} orders (${world.created} records created) in ${seconds(started)}`,
    mismatches: [],
  });

  const groupId = await ensureReadOnlyGroup(writer);
  const user = async (def: SuiteUser): Promise<SuiteUserKey> => ({
    login: def.login,
    uid: await ensureUser(writer, def, groupId),
    apiKey: await apiKeyFor(options.apiKeyCommand, def.login),
  });
  const integration = await user(INTEGRATION_USER);
  const broader = await user(BROADER_USER);
  step({
    name: "users",
    ok: true,
    detail: `${integration.login} (uid ${integration.uid}: Internal User + "${"JSM integration (read only)"}"), ${broader.login} (uid ${broader.uid}: + Inventory/User, Sales/User)`,
    mismatches: [],
  });

  // With a recording directory, the project's clients talk to Odoo through the recorder.
  const proxy = options.recordDir ? await startRecordingProxy(options.url) : undefined;
  const clientUrl = (phase: string) => {
    proxy?.setPhase(phase);
    return proxy?.url ?? options.url;
  };
  const expected = expectedRequests(world);
  const protocols = options.protocols ?? protocolsFor(writer.major);
  for (const protocol of protocols) {
    const phase = `lookup ${protocol}`;
    const outcome = await checkLookup(
      {
        url: clientUrl(phase),
        db: options.db,
        login: integration.login,
        apiKey: integration.apiKey,
        major: writer.major,
      },
      protocol,
      expected,
    );
    step({
      name: phase,
      ok: outcome.mismatches.length === 0,
      detail: `${outcome.serials} serials over ${outcome.used}, ${outcome.rpcs} requests`,
      mismatches: outcome.mismatches,
    });
  }
  for (const protocol of protocols) {
    for (const [role, key] of [
      ["integration", integration],
      ["broader", broader],
    ] as const) {
      const phase = `doctor ${role} ${protocol}`;
      const outcome = await checkDoctor(
        { url: clientUrl(phase), db: options.db, login: key.login, apiKey: key.apiKey },
        role,
        protocol,
      );
      const count = (status: string) =>
        outcome.list.checks.filter((c) => c.status === status).length;
      step({
        name: phase,
        ok: outcome.mismatches.length === 0,
        detail: `${outcome.list.ok ? "passes" : "fails"} as expected for the ${role} user: ${count("pass")} passed, ${count("warn")} warned, ${count("fail")} failed`,
        mismatches: outcome.mismatches,
      });
    }
  }
  if (proxy && options.recordDir) {
    const context = {
      db: options.db,
      major: writer.major,
      login: integration.login,
      uid: integration.uid,
      apiKey: integration.apiKey,
      otherUid: writer.uid,
      lotId: world.lots.values().next().value ?? 0,
      productId: world.products.speaker.id,
      archivedPartnerId: world.partners.aalesund,
      partnerId: world.partners.fjordlys,
    };
    const probes = probesFor(writer.major);
    for (const probe of probes) {
      const request = probe.request(context);
      await fetch(`${clientUrl(`probe: ${probe.name}`)}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === "GET" ? undefined : request.body,
        redirect: "manual",
      }).then((response) => response.arrayBuffer());
    }
    step(await record(proxy, options, writer, { integration, broader }, probes.length));
  }
  return {
    version: writer.serverVersion,
    major: writer.major,
    steps,
    ok: steps.every((s) => s.ok),
    users: { integration, broader },
  };
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function record(
  proxy: RecordingProxy,
  options: SuiteOptions,
  writer: Awaited<ReturnType<typeof connectWriter>>,
  users: { integration: SuiteUserKey; broader: SuiteUserKey },
  probes: number,
): Promise<StepOutcome> {
  await proxy.close();
  const target = { url: options.url, db: options.db, major: writer.major };
  const fixtureUsers = [
    await fixtureUser(target, users.integration),
    await fixtureUser(target, users.broader),
  ];
  const client = createOdooClient({
    url: options.url,
    db: options.db,
    username: users.integration.login,
    password: users.integration.apiKey,
    protocol: "xmlrpc",
  });
  const fieldsOf = async (model: string) =>
    (await client.callRead(model, "fields_get", [], { attributes: ["type"] })) as Record<
      string,
      { type: string }
    >;
  const { fixture, missingOnServer } = await exportFixture(
    writer,
    options.db,
    fixtureUsers,
    fieldsOf,
  ).finally(() => client.close());
  const exchanges = distinctExchanges(proxy.exchanges());
  const secrets = new Map(
    [users.integration, users.broader].map((user) => [user.apiKey, keyPlaceholder(user.login)]),
  );
  const dir = options.recordDir ?? "";
  await writeRecording(
    dir,
    { fixture, exchanges: { odoo: writer.serverVersion, db: options.db, exchanges } },
    secrets,
  );
  const records = Object.values(fixture.records).reduce((sum, list) => sum + list.length, 0);
  return {
    name: "record",
    ok: true,
    detail: `${proxy.exchanges().length} requests (${exchanges.length} distinct, ${probes} probes) and a fixture of ${records} records in ${dir}${missingOnServer.length > 0 ? `; emulator fields this Odoo lacks: ${missingOnServer.join(", ")}` : ""}`,
    mismatches: [],
  };
}
