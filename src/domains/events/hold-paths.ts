/**
 * The buyers' hold routes (POST /public/events/{id}/holds, GET/DELETE …/holds/{holdId}, POST …/extend): the flash
 * sale's hot path. Their state lives only in the event's inventory Durable Object (the hold id is the retry key), so
 * the platform middleware leaves them alone where it would otherwise spend D1 reads: no stored idempotent answer
 * (src/platform/idempotency.ts) and no outbox pump after them (they write no outbox rows). docs/benchmarks.md.
 */
const HOLD_PATH = /^\/api\/v1\/public\/events\/[^/]+\/holds(\/|$)/;

export const isHoldPath = (path: string): boolean => HOLD_PATH.test(path);
