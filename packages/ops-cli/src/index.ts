export type { Check, Checklist, CheckStatus } from "./checklist.ts";
export type { DoctorOptions } from "./doctor/doctor.ts";
export { runDoctor } from "./doctor/doctor.ts";
