/** The Funnels screen's builder logic (web/src/admin/screens/funnels/logic.ts). */
import { describe, expect, it } from 'vitest';
import {
  addStep,
  availableKinds,
  conversionRange,
  draftErrors,
  draftFromFunnel,
  EMPTY_DRAFT,
  filtersText,
  funnelBody,
  moveStep,
  removeStep,
  stepsText,
  type SavedFunnel,
} from '../../../web/src/admin/screens/funnels/logic';
import { refreshOutcome } from '../../../web/src/admin/screens/analytics/funnel-logic';

const saved: SavedFunnel = {
  id: 'fnl_1',
  name: 'Seat map to order',
  eventId: 'evt_1',
  steps: ['seat_map_opened', 'hold_made', 'order_completed'],
  filters: { channel: 'storefront', ticketTypeId: 'tty_1' },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('the funnel builder', () => {
  it('adds steps once each, up to eight, and offers only the kinds not yet used', () => {
    expect(addStep(['page_view'], 'page_view')).toEqual(['page_view']);
    expect(addStep(['page_view'], 'hold_made')).toEqual(['page_view', 'hold_made']);
    const eight = ['page_view', 'seat_map_opened', 'ticket_selected', 'hold_made', 'checkout_started', 'payment_started', 'payment_failed', 'order_completed'] as const;
    expect(addStep([...eight], 'hold_expired')).toHaveLength(8);
    expect(availableKinds(['page_view', 'order_completed'])).not.toContain('page_view');
    expect(availableKinds(['page_view', 'order_completed'])).toHaveLength(9);
  });

  it('moves a step up or down, never past either end, and removes one', () => {
    const s = ['page_view', 'hold_made', 'order_completed'] as const;
    expect(moveStep([...s], 1, -1)).toEqual(['hold_made', 'page_view', 'order_completed']);
    expect(moveStep([...s], 1, 1)).toEqual(['page_view', 'order_completed', 'hold_made']);
    expect(moveStep([...s], 0, -1)).toEqual([...s]);
    expect(moveStep([...s], 2, 1)).toEqual([...s]);
    expect(removeStep([...s], 1)).toEqual(['page_view', 'order_completed']);
  });

  it('refuses a nameless funnel, fewer than two steps, more than eight, or a repeat', () => {
    expect(draftErrors(EMPTY_DRAFT)).toEqual({ name: 'Give the funnel a name.' });
    expect(draftErrors({ ...EMPTY_DRAFT, name: 'x', steps: ['page_view'] })).toEqual({ steps: 'Pick at least 2 steps.' });
    expect(draftErrors({ ...EMPTY_DRAFT, name: 'x', steps: ['page_view', 'page_view'] })).toEqual({ steps: 'A step can appear only once.' });
    expect(draftErrors({ ...EMPTY_DRAFT, name: 'x'.repeat(121) }).name).toBe('At most 120 characters.');
    expect(draftErrors({ ...EMPTY_DRAFT, name: 'Views to orders' })).toEqual({});
  });

  it('sends the filters set, a ticket type only with an event, and null for every event', () => {
    expect(funnelBody({ ...EMPTY_DRAFT, name: ' All ', ticketTypeId: 'tty_1', deviceClass: 'mobile' })).toEqual({ name: 'All', eventId: null, steps: ['page_view', 'order_completed'], filters: { deviceClass: 'mobile' } });
    expect(funnelBody(draftFromFunnel(saved))).toEqual({ name: 'Seat map to order', eventId: 'evt_1', steps: ['seat_map_opened', 'hold_made', 'order_completed'], filters: { channel: 'storefront', ticketTypeId: 'tty_1' } });
  });

  it('reads a saved funnel as its steps and filters', () => {
    expect(stepsText(saved.steps)).toBe('Opened the seat map → Held tickets → Completed an order');
    expect(filtersText(saved.filters, (id) => (id === 'tty_1' ? 'Early bird' : id))).toBe('Storefront · Early bird');
    expect(filtersText({})).toBe('Every visitor');
  });

  it('defaults the conversion to the last 30 local days, and never starts after it ends', () => {
    const now = Date.parse('2026-12-04T23:30:00Z'); // already 5 December in Johannesburg
    expect(conversionRange({ from: '', to: '' }, 'Africa/Johannesburg', now)).toEqual({ from: '2026-11-06', to: '2026-12-05' });
    expect(conversionRange({ from: '2026-12-10', to: '2026-12-01' }, 'UTC', now)).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });
});

describe('refresh now', () => {
  it('says what was recomputed, and turns a too-soon refusal into a wait', () => {
    expect(refreshOutcome({ ok: true, days: 2, journeys: 1 })).toEqual({ text: 'Refreshed: 1 visitor-day over 2 days recomputed.', warning: false });
    expect(refreshOutcome({ ok: false, status: 429, code: 'refresh_too_soon', detail: 'The funnel snapshots were computed 4 seconds ago; they can be refreshed again in 26 seconds.' })).toEqual({
      text: 'The figures were refreshed less than 30 seconds ago; try again in 26 s.',
      warning: true,
    });
    expect(refreshOutcome({ ok: false, status: 503 }).text).toContain('unavailable');
  });
});
