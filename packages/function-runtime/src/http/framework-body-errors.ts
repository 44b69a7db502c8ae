import { realpathSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { join, sep } from "node:path";
import { guardFrameworkErrorLogs } from "../logging/framework-guard.ts";
import type { Logger } from "../logging/logger.ts";
import { requestLogContext } from "../logging/request-context.ts";
import { checkBodyBeforeParsing } from "./body-limit.ts";
import { mediaTypeForLog } from "./media-type.ts";
import { sendJson } from "./responses.ts";

/**
 * Answers body-parser's errors (and an undecodable path) with our JSON instead of Express's HTML
 * page, through an error middleware appended to the framework's app; call it when the entry
 * module loads (docs/decisions.md).
 */

/** Body-parser's http-errors (`err.type`) mapped to our codes; anything else is INVALID_BODY. */
const BODY_ERRORS = {
  "entity.parse.failed": ["INVALID_JSON", "The request body is not valid JSON."],
  "entity.too.large": ["BODY_TOO_LARGE", "The request body is too large."],
  "charset.unsupported": [
    "UNSUPPORTED_CHARSET",
    "The charset of the request body is not supported.",
  ],
  "encoding.unsupported": [
    "UNSUPPORTED_ENCODING",
    "The Content-Encoding of the request body is not supported.",
  ],
  "request.aborted": ["BODY_INCOMPLETE", "The request body was not received completely."],
  "request.size.invalid": [
    "BODY_INCOMPLETE",
    "The request body does not match its Content-Length.",
  ],
  "parameters.too.many": ["INVALID_FORM", "The form body has too many parameters."],
  "querystring.parse.rangeError": ["INVALID_FORM", "The form body is nested too deeply."],
  // zlib's errors (a corrupt gzip/deflate/br body) carry no `type`; see bodyError().
  zlib: ["INVALID_COMPRESSED_BODY", "The compressed request body cannot be decompressed."],
  // Express's router decodes the path before any route runs: `/a%ZZ` is a URIError with status
  // 400 and no `type`, which its final handler answers in HTML (and logs with its stack).
  "path.malformed": ["INVALID_PATH", "The request path is not valid percent-encoding."],
} as const;

export type BodyErrorCode = (typeof BODY_ERRORS)[keyof typeof BODY_ERRORS][0] | "INVALID_BODY";

/** A request body the framework refused: fixed, safe texts only (never the parser's message). */
export interface BodyError {
  status: number;
  code: BodyErrorCode;
  message: string;
  /** body-parser's `err.type` (or `zlib`). */
  type: string;
}

export type BodyErrorResponder = (res: ServerResponse, error: BodyError) => void;

export interface FrameworkBodyErrorsOptions {
  /** Default: `{"message", "error": {"code", "message"}}` (legacy readers take `message`). */
  respond?: BodyErrorResponder;
  /** Google Cloud project, for the trace field of the log entry. */
  project?: string;
  /**
   * Largest body accepted, in bytes, checked before the framework's body parser reads anything
   * (its own limit is 1024 MB): over it, 413 `BODY_TOO_LARGE` at once; a compressed body
   * (`Content-Encoding` other than identity) gets 415 `UNSUPPORTED_ENCODING`. See body-limit.ts.
   * Default: no check (the framework's behaviour).
   */
  maxBodyBytes?: number;
}

export interface FrameworkBodyErrors {
  /** `answer`: our JSON answers; `log-guard`: Express not found, only its logs are kept clean. */
  mode: "answer" | "log-guard";
  /** Stops answering (tests). */
  restore(): void;
}

interface ExpressModule {
  application: {
    handle: (this: ExpressApp, req: unknown, res: unknown, next?: unknown) => unknown;
  };
}
interface ExpressApp {
  use(
    handler: (
      err: unknown,
      req: IncomingMessage,
      res: ServerResponse,
      next: (err?: unknown) => void,
    ) => void,
  ): unknown;
}

/** Refusals decided before the parser runs (body-limit.ts), worded like body-parser's. */
const EARLY_REFUSALS = {
  BODY_TOO_LARGE: {
    status: 413,
    code: "BODY_TOO_LARGE",
    message: BODY_ERRORS["entity.too.large"][1],
    type: "entity.too.large",
  },
  UNSUPPORTED_ENCODING: {
    status: 415,
    code: "UNSUPPORTED_ENCODING",
    message: BODY_ERRORS["encoding.unsupported"][1],
    type: "encoding.unsupported",
  },
} as const satisfies Record<string, BodyError>;

/** Default answer: status and JSON body with both shapes, `no-store`. */
export function sendBodyError(res: ServerResponse, error: BodyError): void {
  sendJson(res, error.status, {
    message: error.message,
    error: { code: error.code, message: error.message },
  });
}

/**
 * Makes the Functions Framework answer refused request bodies with our JSON, and with
 * `maxBodyBytes` refuse oversized or compressed bodies before its parser reads them
 * (body-limit.ts): call once, when the entry module loads. Without the framework's Express, falls
 * back to guardFrameworkErrorLogs (and no early limit).
 */
export function answerFrameworkBodyErrors(
  logger: Logger,
  options: FrameworkBodyErrorsOptions = {},
): FrameworkBodyErrors {
  const respond = options.respond ?? sendBodyError;
  const expressModules = frameworkExpressPaths().map(
    (path) => createRequire(import.meta.url)(path) as ExpressModule,
  );
  if (expressModules.length === 0) {
    logger.notice(
      "Express of the Functions Framework not found: its body errors stay HTML and bodies are parsed before any size check",
    );
    return { mode: "log-guard", restore: guardFrameworkErrorLogs(logger) };
  }
  let active = true;
  const appended = new WeakSet<ExpressApp>();
  // Requests answered before the parser ran: their aborted parse must not be answered or logged again.
  const refusedEarly = new WeakSet<IncomingMessage>();
  const refuse = (req: IncomingMessage, res: ServerResponse, error: BodyError) => {
    logger.warn("request refused before the function ran", {
      ...requestLogContext(req, options.project),
      code: error.code,
      errorType: error.type,
      status: error.status,
      contentType: mediaTypeForLog(req.headers["content-type"]),
      contentLength: req.headers["content-length"],
    });
    respond(res, error);
  };
  const refuseEarly = (req: IncomingMessage, res: ServerResponse, error: BodyError) => {
    refusedEarly.add(req);
    // The rest of the body is not read: the connection cannot be reused.
    if (!res.headersSent) res.setHeader("Connection", "close");
    refuse(req, res, error);
  };
  const limitBody = (req: IncomingMessage, res: ServerResponse): boolean => {
    const { maxBodyBytes } = options;
    if (maxBodyBytes === undefined || !active) return false;
    const refusal = checkBodyBeforeParsing(req, maxBodyBytes, () =>
      refuseEarly(req, res, EARLY_REFUSALS.BODY_TOO_LARGE),
    );
    if (refusal) refuseEarly(req, res, EARLY_REFUSALS[refusal]);
    return refusal !== undefined;
  };
  const answer = (
    err: unknown,
    req: IncomingMessage,
    res: ServerResponse,
    next: (err?: unknown) => void,
  ) => {
    if (refusedEarly.has(req)) return;
    const error = active && !res.headersSent ? bodyError(err) : undefined;
    if (!error) return next(err);
    refuse(req, res, error);
  };
  const restores = expressModules.map(({ application }) => {
    const original = application.handle;
    application.handle = function handle(req, res, next) {
      // With `next`, this app is mounted in another: its errors belong to the parent.
      if (next === undefined && !appended.has(this)) {
        appended.add(this);
        this.use(answer);
      }
      if (next === undefined && limitBody(req as IncomingMessage, res as ServerResponse)) return;
      return original.call(this, req, res, next);
    };
    return () => {
      application.handle = original;
    };
  });
  return {
    mode: "answer",
    restore: () => {
      active = false;
      for (const restore of restores) restore();
    },
  };
}

function bodyError(err: unknown): BodyError | undefined {
  if (!(err instanceof Error)) return undefined;
  const { type, status, code } = err as { type?: unknown; status?: unknown; code?: unknown };
  if (typeof status !== "number") return undefined;
  // body-parser gives zlib's errors status 400 and keeps their `Z_...` code.
  const kind =
    typeof type === "string"
      ? type
      : typeof code === "string" && code.startsWith("Z_")
        ? "zlib"
        : err instanceof URIError
          ? "path.malformed"
          : undefined;
  if (kind === undefined) return undefined;
  const [mapped, message] = Object.hasOwn(BODY_ERRORS, kind)
    ? BODY_ERRORS[kind as keyof typeof BODY_ERRORS]
    : (["INVALID_BODY", "The request body cannot be read."] as const);
  return {
    status: status >= 400 && status < 600 ? status : 400,
    code: mapped,
    message,
    type: kind,
  };
}

/**
 * Express as the running framework resolves it: from the framework binary (`argv[1]`, a `.bin`
 * symlink or pnpm's shim target), else the framework installed where the function runs (Cloud
 * Build's `npm install` in the deployed folder) or next to this module. Several hits that resolve
 * to one file count once.
 */
function frameworkExpressPaths(): string[] {
  const frameworks: string[] = [];
  const main = process.argv[1];
  const marker = `${sep}@google-cloud${sep}functions-framework${sep}`;
  try {
    if (main && realpathSync(main).includes(marker)) frameworks.push(realpathSync(main));
  } catch {}
  for (const from of [join(process.cwd(), "package.json"), import.meta.url]) {
    try {
      frameworks.push(createRequire(from).resolve("@google-cloud/functions-framework"));
    } catch {}
  }
  const found = new Set<string>();
  for (const framework of frameworks) {
    try {
      found.add(realpathSync(createRequire(framework).resolve("express")));
    } catch {}
  }
  return [...found];
}
