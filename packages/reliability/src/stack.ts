/**
 * The local deployment the fault matrix attacks: the local stack with the functions in this
 * process (`@jsm-odoo/local-stack/testing`: the Odoo emulator with fault and latency injection, a
 * local Secret Manager, the local issuer, the real token and lookup functions on the Functions
 * Framework's Express stack), plus a count of the emulator faults that fired. Each stand-in can
 * be broken on purpose (`emulator.faults`, `secretManager.failWith`, `stopIssuer`).
 */
import {
  type InProcessStack,
  type LocalStackOptions,
  startLocalStack,
} from "@jsm-odoo/local-stack/testing";
import type { RunningEmulator } from "@jsm-odoo/odoo-emulator";

export interface Stack extends InProcessStack {
  /** Emulator calls answered with an injected fault so far (evidence that a fault was hit). */
  faultHits(): number;
}

export async function startStack(options: Omit<LocalStackOptions, "run"> = {}): Promise<Stack> {
  const stack = await startLocalStack({ ...options, run: "in-process" });
  try {
    return { ...stack, faultHits: countFaultHits(stack.emulator) };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

/**
 * Counts the emulator calls a fault rule answered. The injector's public API only says how many
 * rules are armed, which cannot tell a rule that fired from one that was never reached; the
 * emulator asks `take(target)` once per call, so wrapping it counts real hits.
 */
function countFaultHits(emulator: RunningEmulator): () => number {
  const injector = emulator.faults as RunningEmulator["faults"] & {
    take?: (target: unknown) => unknown;
  };
  const take = injector.take;
  if (typeof take !== "function") {
    throw new Error("odoo-emulator: the fault injector has no take(); update countFaultHits");
  }
  let hits = 0;
  injector.take = (target) => {
    const kind = take.call(injector, target);
    if (kind !== undefined) hits += 1;
    return kind;
  };
  return () => hits;
}

/** Which of `secrets` occur in `text` (by position in the list, never the value itself). */
export function leakedSecrets(text: string, secrets: readonly string[]): number[] {
  return secrets.flatMap((secret, index) => (text.includes(secret) ? [index] : []));
}
