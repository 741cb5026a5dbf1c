/**
 * Offline reconciliation, proven with fast-check: scans of a few tickets by several devices, with
 * scan times in any order, arrive in any order (some one by one as online scans, some in batches as
 * offline uploads, some uploaded twice). Whatever the arrival order, every scanned ticket ends checked
 * in exactly once, by its earliest scan (ties broken by scan id); every other admitting scan is a
 * duplicate that both its own device and the winning device hear of when they sync; re-uploading
 * answers what the final state says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanInput } from '../../durable-objects/inventory/checkins';
import { freshName, smallEvent, stubFor } from '../support/inventory';

type Scan = { device: number; ticket: number; minute: number; nonce: number };
const DEVICES = ['dev_a', 'dev_b', 'dev_c', 'dev_d'];

const scans = fc
  .uniqueArray(fc.record({ device: fc.nat({ max: 3 }), ticket: fc.nat({ max: 4 }), minute: fc.nat({ max: 20 }), nonce: fc.nat({ max: 1_000 }) }), {
    minLength: 1,
    maxLength: 24,
    selector: (s) => `${s.device}/${s.nonce}`,
  })
  .chain((list) =>
    fc.record({
      list: fc.constant(list),
      order: fc.shuffledSubarray(list.map((_, i) => i), { minLength: list.length, maxLength: list.length }),
      batchCuts: fc.array(fc.nat({ max: list.length }), { maxLength: 4 }),
      reupload: fc.nat({ max: list.length }),
    }),
  );

const base = Date.now() - 3_600_000;
const input = (s: Scan): ScanInput => ({
  scanId: `${DEVICES[s.device]}/${s.nonce}`,
  ticketRef: `tkt_${s.ticket}`,
  ticketTypeId: 'floor',
  gate: 'north',
  deviceId: DEVICES[s.device]!,
  at: base + s.minute * 60_000,
});

describe('offline reconciliation (property)', () => {
  it('ends with one check-in per ticket, by the earliest scan, whatever the arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(scans, async ({ list, order, batchCuts, reupload }) => {
        const stub = stubFor(freshName('reconcile'));
        expect((await stub.hydrate(smallEvent())).ok).toBe(true);
        const arriving = order.map((i) => input(list[i]!));
        // Cut the arrival sequence into runs: single online scans and offline batches alternate.
        const cuts = [...new Set([0, ...batchCuts, arriving.length])].sort((a, b) => a - b);
        for (let c = 0; c + 1 < cuts.length; c++) {
          const run = arriving.slice(cuts[c], cuts[c + 1]);
          if (c % 2 === 0) for (const s of run) expect((await stub.checkIn(s)).ok).toBe(true);
          else for (const r of await stub.checkInMany(run)) expect(r.ok).toBe(true);
        }
        // An offline device uploads part of its batch again.
        const again = arriving.slice(0, reupload);
        const answers = again.length ? await stub.checkInMany(again) : [];

        const winners = new Map<string, ScanInput>();
        for (const s of list.map(input)) {
          const w = winners.get(s.ticketRef);
          if (!w || s.at! < w.at! || (s.at === w.at && s.scanId < w.scanId)) winners.set(s.ticketRef, s);
        }
        expect((await stub.availability()).counts.checkedIn).toBe(winners.size);

        const sync = await stub.syncCheckIns('nobody', 0);
        expect(sync.hasMore).toBe(false);
        const states = new Map(sync.checkIns.map((c) => [c.ticketRef, c]));
        for (const [ticket, w] of winners) {
          expect(states.get(ticket)).toMatchObject({ checkedIn: true, first: { scanId: w.scanId, at: w.at, deviceId: w.deviceId } });
        }
        // Re-uploads answer the final truth: the winner valid, everyone else a duplicate of it.
        again.forEach((s, i) => {
          const w = winners.get(s.ticketRef)!;
          const a = answers[i]!;
          expect(a.ok && a.value.result).toBe(w.scanId === s.scanId ? 'valid' : 'duplicate');
          expect(a.ok && a.value.first?.scanId).toBe(w.scanId);
        });
        // Every losing scan is reported to its own device and to the winner's device, once each.
        for (const device of DEVICES) {
          const { duplicates } = await stub.syncCheckIns(device, 0);
          const expected = list
            .map(input)
            .filter((s) => winners.get(s.ticketRef)!.scanId !== s.scanId)
            .filter((s) => s.deviceId === device || winners.get(s.ticketRef)!.deviceId === device)
            .map((s) => s.scanId)
            .sort();
          expect(duplicates.map((d) => d.scan.scanId).sort()).toEqual(expected);
          for (const d of duplicates) expect(d.winner.scanId).toBe(winners.get(d.ticketRef)!.scanId);
        }
      }),
      { numRuns: 60 },
    );
  });
});
