import { describe, expect, it } from 'vitest';
import { bpsToPercent, percentToBps, quotaLine, templateName, unknownPlaceholders } from '../../../web/src/admin/screens/settings/format';

describe('VAT rate as a percentage', () => {
  it('reads what an organizer types as exact basis points (no floats)', () => {
    expect(percentToBps('15')).toBe(1500);
    expect(percentToBps('15.5')).toBe(1550);
    expect(percentToBps('7,25 %')).toBe(725);
    expect(percentToBps('0')).toBe(0);
    expect(percentToBps('14.99')).toBe(1499);
  });

  it('refuses what is not a rate from 0 to 50 % with two decimals at most', () => {
    expect(percentToBps('')).toBeNull();
    expect(percentToBps('fifteen')).toBeNull();
    expect(percentToBps('15.555')).toBeNull();
    expect(percentToBps('51')).toBeNull();
    expect(percentToBps('-1')).toBeNull();
  });

  it('shows basis points back as the percentage', () => {
    expect(bpsToPercent(1500)).toBe('15');
    expect(bpsToPercent(1550)).toBe('15.5');
    expect(bpsToPercent(725)).toBe('7.25');
    expect(bpsToPercent(0)).toBe('0');
  });
});

describe('email templates', () => {
  it('names templates in words', () => {
    expect(templateName('order_confirmation')).toMatch(/^Order confirmation/);
    expect(templateName('something_new')).toBe('Something new');
  });

  it('finds placeholders the template does not offer', () => {
    expect(unknownPlaceholders('Hi {{buyerName}}, see {{ eventName }} {{venu}}', ['buyerName', 'eventName'])).toEqual(['venu']);
  });
});

describe('a daily quota in words', () => {
  it('says how much of the quota is used, and warns from 80 % on', () => {
    expect(quotaLine(1234, 100_000)).toEqual({ text: '1,234 of 100,000 (1 %)', percent: 1, level: 'ok' });
    expect(quotaLine(80, 100)).toMatchObject({ percent: 80, level: 'warn' });
    expect(quotaLine(5, 5)).toMatchObject({ text: '5 of 5 (100 %)', level: 'full' });
    expect(quotaLine(7, 5)).toMatchObject({ percent: 100, level: 'full' });
  });
});
