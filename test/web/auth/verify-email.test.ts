import { describe, expect, it } from 'vitest';
import { verifyEmailOnce } from '../../../web/src/admin/auth-screens';

describe('the email verification page', () => {
  it('sends a link’s token once however often the screen mounts, and every mount sees that one outcome', async () => {
    const sent: string[] = [];
    const send = async (token: string) => {
      sent.push(token);
      // The link works once: a second request would answer "used".
      if (sent.filter((t) => t === token).length > 1) throw new Error('Verification token not found');
    };
    await Promise.all([verifyEmailOnce('tok-a', send), verifyEmailOnce('tok-a', send)]);
    await verifyEmailOnce('tok-a', send);
    expect(sent).toEqual(['tok-a']);
    await verifyEmailOnce('tok-b', send);
    expect(sent).toEqual(['tok-a', 'tok-b']);
  });
});
