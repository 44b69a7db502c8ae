export { DEMO, demoFixture } from "./demo/fixture.ts";
export type { EmulatorErrorCode, FaultCode } from "./errors.ts";
export { EmulatorError } from "./errors.ts";
export type { FaultInjector, FaultKind, FaultMatch, FaultRule } from "./faults.ts";
export type { Fixture, FixtureRecord, FixtureUser } from "./fixture.ts";
export { validateFixture } from "./fixture.ts";
export type { FixtureFieldInfo, FixtureModelInfo } from "./fixture-fields.ts";
export { fixtureFields } from "./fixture-fields.ts";
export type { FieldType, OdooVersion } from "./schema/index.ts";
export { ODOO_VERSIONS } from "./schema/index.ts";
export type {
  EmulatorOptions,
  InFlight,
  RunningEmulator,
  ServerCostSettings,
  WorkerGauge,
} from "./server.ts";
export { startEmulator } from "./server.ts";
export type { PoolGauge, ServerCostModel } from "./server-cost.ts";
export { REAL_ODOO_COST } from "./server-cost.ts";
