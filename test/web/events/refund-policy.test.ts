import { describe, expect, it } from 'vitest';
import { policyBody } from '../../../web/src/admin/screens/events/refund-policy';

const base = { mode: 'until_days_before', daysBefore: '7', feePercent: '2.5', feeFixed: '10.00', refundBookingFee: false };

describe('the refund policy form', () => {
  it('sends the percentage as basis points and the fixed fee in minor units', () => {
    expect(policyBody(base, 'ZAR')).toEqual({ mode: 'until_days_before', daysBefore: 7, feeBasisPoints: 250, feeFixedMinor: 1000, refundBookingFee: false });
    expect(policyBody({ ...base, feePercent: '2,75', feeFixed: '' }, 'ZAR')).toMatchObject({ feeBasisPoints: 275, feeFixedMinor: 0 });
  });

  it('leaves an unreadable number for the API to name (never a silent default)', () => {
    expect(policyBody({ ...base, feePercent: 'abc' }, 'ZAR').feeBasisPoints).toBeNaN();
    expect(policyBody({ ...base, feeFixed: 'ten' }, 'ZAR').feeFixedMinor).toBeNaN();
  });
});
