import { OdooError } from "./errors.ts";
import type { RpcEvent } from "./stats.ts";
import type { CallOptions } from "./types.ts";
import { classifyWireError } from "./wire-errors.ts";

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails at once. */
  maxRetryAfterMs: number;
}

export interface AttemptPolicy {
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
}

type Stop = "attempt-timeout" | "deadline" | "caller";

/** Abort reason we set ourselves, so the outcome is classified by why we stopped. */
class StopReason extends Error {
  readonly stop: Stop;
  constructor(stop: Stop) {
    super(stop);
    this.stop = stop;
  }
}

/**
 * Truncated exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015): sleep = random(0, min(maxDelay, base * 2^(retry-1))).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

type Describe = Omit<RpcEvent, "attempt" | "durationMs" | "ok" | "errorCode">;

/**
 * Runs one logical RPC: attempts bounded by `timeoutMs` and the caller's deadline/signal, retried
 * only when the failure is transient (`retryable`) and the next attempt can start before the
 * deadline. Non-read calls never get here: the read-only guard runs first.
 */
export async function runAttempts<T>(
  describe: Describe,
  attempt: (signal: AbortSignal) => Promise<T>,
  call: CallOptions,
  policy: AttemptPolicy,
  record: (event: RpcEvent) => void,
): Promise<T> {
  for (let n = 1; ; n += 1) {
    // performance.now(): loopback RPCs take well under a millisecond; Date.now() would say 0.
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    try {
      const value = await oneAttempt(attempt, call, policy.timeoutMs);
      record({ ...describe, attempt: n, durationMs: elapsed(), ok: true });
      return value;
    } catch (raw) {
      const error = raw instanceof OdooError ? raw : classifyWireError(raw);
      record({ ...describe, attempt: n, durationMs: elapsed(), ok: false, errorCode: error.code });
      if (!error.retryable || n >= policy.retry.maxAttempts) throw error;
      let delay = backoffDelay(n, policy.retry, policy.random);
      if (error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > policy.retry.maxRetryAfterMs) throw error;
        delay = Math.max(delay, error.retryAfterMs);
      }
      // Never sleep past the deadline: if the next attempt could not even start, stop now.
      if (call.deadline !== undefined && Date.now() + delay >= call.deadline) throw error;
      await sleep(delay, call.signal);
    }
  }
}

async function oneAttempt<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  call: CallOptions,
  timeoutMs: number,
): Promise<T> {
  const controller = new AbortController();
  const stopWith = (stop: Stop) => controller.abort(new StopReason(stop));
  const now = Date.now();
  if (call.signal?.aborted) throw abortedByCaller(call.signal.reason);
  const untilDeadline =
    call.deadline === undefined ? Number.POSITIVE_INFINITY : call.deadline - now;
  if (untilDeadline <= 0) throw deadlineExceeded();
  const budget = Math.min(timeoutMs, untilDeadline);
  const stop: Stop = untilDeadline <= timeoutMs ? "deadline" : "attempt-timeout";
  const timer = setTimeout(() => stopWith(stop), budget);
  const onCallerAbort = () => stopWith("caller");
  call.signal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    // Race the transport against our own signal: a transport that ignores the signal still
    // cannot hold the caller past the deadline (ours destroys the socket, see xmlrpc-transport).
    return await new Promise<T>((resolve, reject) => {
      const onStop = () => reject(stoppedError(controller.signal.reason, call.signal?.reason));
      controller.signal.addEventListener("abort", onStop, { once: true });
      attempt(controller.signal).then(resolve, (error: unknown) =>
        reject(
          controller.signal.aborted
            ? stoppedError(controller.signal.reason, call.signal?.reason)
            : error,
        ),
      );
    });
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener("abort", onCallerAbort);
  }
}

function stoppedError(reason: unknown, callerReason: unknown): OdooError {
  const stop = reason instanceof StopReason ? reason.stop : "caller";
  if (stop === "caller") return abortedByCaller(callerReason);
  if (stop === "deadline") return deadlineExceeded();
  return new OdooError("ODOO_TIMEOUT", "Odoo did not answer within the attempt timeout", {
    retryable: true,
  });
}

export function deadlineExceeded(): OdooError {
  return new OdooError("ODOO_TIMEOUT", "Deadline exceeded before Odoo answered");
}

export function abortedByCaller(reason: unknown): OdooError {
  return new OdooError("ODOO_ABORTED", "The caller aborted the Odoo request", {
    cause: reason instanceof Error ? reason : undefined,
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedByCaller(signal.reason));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedByCaller(signal?.reason));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Waits for a shared promise (the one authentication / version call every caller shares) within
 * this caller's own deadline and signal, without cancelling it for the others.
 */
export function within<T>(shared: Promise<T>, call: CallOptions): Promise<T> {
  if (call.signal === undefined && call.deadline === undefined) return shared;
  return new Promise<T>((resolve, reject) => {
    if (call.signal?.aborted) return reject(abortedByCaller(call.signal.reason));
    const left = call.deadline === undefined ? undefined : call.deadline - Date.now();
    if (left !== undefined && left <= 0) return reject(deadlineExceeded());
    const timer =
      left === undefined ? undefined : setTimeout(() => reject(deadlineExceeded()), left);
    const onAbort = () => reject(abortedByCaller(call.signal?.reason));
    call.signal?.addEventListener("abort", onAbort, { once: true });
    shared.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", onAbort);
    });
  });
}
