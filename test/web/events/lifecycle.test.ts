import { describe, expect, it } from 'vitest';
import { movesFrom } from '../../../web/src/admin/screens/events/lifecycle';

const labels = (s: Parameters<typeof movesFrom>[0]) => movesFrom(s).map((m) => m.label);

describe('lifecycle buttons', () => {
  it('offers only the moves the status allows, in the order of the flow', () => {
    expect(labels('draft')).toEqual(['Publish', 'Cancel event']);
    expect(labels('published')).toEqual(['Put on sale', 'Cancel event']);
    expect(labels('on_sale')).toEqual(['Close sales', 'Cancel event']);
    expect(labels('sales_closed')).toEqual(['Reopen sales', 'Mark completed', 'Cancel event']);
    expect(labels('completed')).toEqual([]);
    expect(labels('cancelled')).toEqual([]);
  });

  it('asks before the moves that stop sales or cannot be undone, not before publishing', () => {
    const confirmOf = (s: Parameters<typeof movesFrom>[0], to: string) => movesFrom(s).find((m) => m.to === to)?.confirm;
    expect(confirmOf('draft', 'published')).toBeNull();
    expect(confirmOf('published', 'on_sale')).toBeNull();
    expect(confirmOf('on_sale', 'sales_closed')).toBeTruthy();
    expect(confirmOf('sales_closed', 'completed')).toBeTruthy();
    expect(movesFrom('draft').find((m) => m.to === 'cancelled')).toMatchObject({ danger: true, confirm: expect.stringContaining('Cancel') });
  });
});
