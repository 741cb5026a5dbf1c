/**
 * Buyers' hold operations sent to the inventory several at a time (src/domains/events/hold-batches.ts): under a
 * flash sale one Worker isolate has many holds for the same event in flight, and each Worker → object round trip
 * costs more than the engine's work for a hold (docs/benchmarks.md). Each operation is still its own storage
 * transaction, answered on its own: one refused or failed operation never touches the others of its call.
 */
import type { HoldRequest, HoldView, Result } from './engine-types';

export type HoldOp = { op: 'hold'; request: HoldRequest } | { op: 'extend'; holdId: string } | { op: 'release'; holdId: string };

/**
 * The engine's answer, or what an operation that threw said (its transaction rolled back), with the runtime's flags
 * so that the Worker answers a storage failure 503 like a failed call (src/platform/transient-errors.ts).
 */
export type HoldOpAnswer = { result: Result<HoldView> } | { error: string; retryable?: true; overloaded?: true; durableObjectReset?: true };

/** At most this many operations per call (a Worker sends the rest in the next one). */
export const MAX_HOLD_OPS_PER_CALL = 64;

/** Holds are keyed by their hold id (a repeat answers the hold already made); extensions and releases are not. */
export const isKeyedHoldOp = (op: HoldOp) => op.op === 'hold';
