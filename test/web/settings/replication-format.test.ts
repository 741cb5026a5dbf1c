import { describe, expect, it } from 'vitest';
import { lagText } from '../../../web/src/admin/screens/settings/format';

describe('replication lag as text', () => {
  it('says seconds, minutes, or hours and minutes', () => {
    expect(lagText(0)).toBe('0 s');
    expect(lagText(59)).toBe('59 s');
    expect(lagText(180)).toBe('3 min');
    expect(lagText(2 * 3600 + 5 * 60 + 7)).toBe('2 h 5 min');
  });
});
