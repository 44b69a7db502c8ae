/** Why the infrastructure could not be synthesized. */
export type InfraErrorCode = "INFRA_CONFIG_INVALID" | "INFRA_ARTIFACT_MISSING";

/** The one error class of infra/: a string code, a message fit for an operator's terminal. */
export class InfraError extends Error {
  readonly code: InfraErrorCode;
  /** One line per problem (config errors list every problem at once). */
  readonly problems: readonly string[];

  constructor(
    code: InfraErrorCode,
    message: string,
    options: { problems?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "InfraError";
    this.code = code;
    this.problems = options.problems ?? [message];
  }
}
