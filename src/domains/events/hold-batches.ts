/**
 * Buyers' holds, extensions and releases for one event, sent to its inventory several to a call (issue #13, "the hold
 * path is lean"; docs/inventory.md, "Hold batches"). In a flash sale one isolate has many holds for the same event in
 * flight at once, and a Worker → object round trip costs more than the engine's work for a hold
 * (docs/benchmarks.md): so per isolate and event at most IN_FLIGHT calls are out, and whatever arrives meanwhile
 * waits for one of them to answer and goes in the next call (up to MAX_HOLD_OPS_PER_CALL). When it is quiet the first
 * operation goes at once: a batch never waits on a timer. Each operation is still its own transaction with its own
 * answer in the object (EventInventory.holdOps).
 *
 * Each call is made by one of the requests whose operations it carries, which awaits it: Workers tie I/O to the
 * request that started it. A request whose operation waits only ever awaits a call made by another request (as the
 * isolate's event cache shares one D1 read), never a promise resolved for it from elsewhere: a request that went on
 * to start I/O after such a handoff had its call cancelled with the other request (found by
 * test/domains/orders/contention.test.ts: "the Worker's code had hung").
 */
import { isKeyedHoldOp, MAX_HOLD_OPS_PER_CALL, type HoldOp, type HoldOpAnswer } from '../../../durable-objects/inventory/hold-ops';
import type { HoldView, Result } from '../../../durable-objects/inventory/engine-types';
import { guardedStub } from '../../platform/durable-object-calls';
import type { Env } from '../../env';

/** Calls out at once per isolate and event: one to be answered while the next one fills. */
export const IN_FLIGHT = 2;

type Member = { readonly op: HoldOp; call: Promise<void> | null; answer?: HoldOpAnswer; error?: unknown };

export type Call = (ops: HoldOp[]) => Promise<HoldOpAnswer[]>;

export class Lane {
  private readonly waiting: Member[] = [];
  /** The calls out, oldest first: each promise was made by the request that sent it and never rejects. */
  private readonly calls: Promise<void>[] = [];
  constructor(
    private readonly call: Call,
    private readonly idle: () => void,
  ) {}

  async submit(op: HoldOp): Promise<HoldOpAnswer> {
    const me: Member = { op, call: null };
    this.waiting.push(me);
    // Only ever waits on a promise that the request which made it settles through its own I/O (a call out): a
    // request never starts I/O from a promise another request resolved for it, which the runtime does not allow.
    while (!me.call) {
      if (this.calls.length < IN_FLIGHT) this.send();
      else await this.calls[0];
    }
    await me.call;
    if ('answer' in me && me.answer) return me.answer;
    throw me.error;
  }

  /** Sends what is waiting (up to MAX_HOLD_OPS_PER_CALL), from the context of the request that calls this. */
  private send() {
    const batch = this.waiting.splice(0, MAX_HOLD_OPS_PER_CALL);
    let sent: Promise<HoldOpAnswer[]>;
    try {
      sent = this.call(batch.map((m) => m.op));
    } catch (error) {
      sent = Promise.reject(error);
    }
    const call: Promise<void> = sent
      .then(
        (answers) =>
          batch.forEach((m, i) => {
            const answer = answers[i];
            if (answer) m.answer = answer;
            else m.error = new Error('The inventory answered fewer hold operations than it was sent');
          }),
        (error: unknown) => batch.forEach((m) => (m.error = error)),
      )
      .finally(() => {
        this.calls.splice(this.calls.indexOf(call), 1);
        if (this.calls.length === 0 && this.waiting.length === 0) this.idle();
      });
    for (const m of batch) m.call = call;
    this.calls.push(call);
  }
}

const RETRY_HOLD_OPS: ReadonlySet<string> = new Set(['holdOps']);
const NO_RETRY: ReadonlySet<string> = new Set();

/** Per isolate: lanes by inventory binding (a test's wrapped environment gets its own) and by object name. */
const lanes = new WeakMap<object, Map<string, Lane>>();

function laneFor(env: Env, name: string): Lane {
  const namespace = env.EVENT_INVENTORY;
  let byName = lanes.get(namespace);
  if (!byName) lanes.set(namespace, (byName = new Map()));
  let lane = byName.get(name);
  if (!lane) {
    const call: Call = (ops) =>
      // A call of holds only may be sent twice on `retryable` (each is keyed by its hold id); one with a release or an extension is not.
      guardedStub(() => namespace.get(namespace.idFromName(name)), ops.every(isKeyedHoldOp) ? RETRY_HOLD_OPS : NO_RETRY).holdOps(ops);
    const created: Lane = new Lane(call, () => {
      if (byName.get(name) === created) byName.delete(name);
    });
    lane = created;
    byName.set(name, lane);
  }
  return lane;
}

/**
 * An operation's own answer from the inventory object `name` (an event's, or one shard of it: shards/plan.ts): the
 * engine's result, or its exception rebuilt with the runtime's flags (answered 503 when transient).
 */
export async function laneOp(env: Env, name: string, op: HoldOp): Promise<Result<HoldView>> {
  const answer = await laneFor(env, name).submit(op);
  if ('result' in answer) return answer.result;
  const { error, ...flags } = answer;
  throw Object.assign(new Error(error), flags);
}
