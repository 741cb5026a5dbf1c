import { describe, expect, it } from 'vitest';
import { Guards, leavesByLink, sameValues } from '../../../web/src/ui/unsaved';

describe('unsaved changes: when to ask', () => {
  it('compares form values by content (a field typed back to what it was is no change)', () => {
    expect(sameValues({ name: 'Summer', tags: ['a', 'b'], n: 1 }, { name: 'Summer', tags: ['a', 'b'], n: 1 })).toBe(true);
    expect(sameValues({ name: 'Summer' }, { name: 'Summer!' })).toBe(false);
    expect(sameValues({ tags: ['a', 'b'] }, { tags: ['b', 'a'] })).toBe(false);
    expect(sameValues({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValues({ a: null }, { a: '' })).toBe(false);
    expect(sameValues([], {})).toBe(false);
  });

  const here = 'https://tickets.example/admin/orgs/org_1/settings';
  const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
  const link = (href: string, more: Partial<{ target: string; download: boolean }> = {}) => ({ href, target: '', download: false, ...more });

  it('asks for a plain click on a link to another screen of the app', () => {
    expect(leavesByLink(click, link('/admin/orgs/org_1/events'), here)).toBe(true);
    expect(leavesByLink(click, link('https://tickets.example/admin/orgs/org_1/settings?tab=x'), here)).toBe(true);
    expect(leavesByLink(click, link('https://elsewhere.example/'), here)).toBe(true);
  });

  it('does not ask when nothing leaves: a new tab or window, a download, a jump on the page, no link, a click already handled', () => {
    expect(leavesByLink({ ...click, ctrlKey: true }, link('/admin/orgs/org_1/events'), here)).toBe(false);
    expect(leavesByLink({ ...click, metaKey: true }, link('/admin/orgs/org_1/events'), here)).toBe(false);
    expect(leavesByLink({ ...click, button: 1 }, link('/admin/orgs/org_1/events'), here)).toBe(false);
    expect(leavesByLink(click, link('/admin/orgs/org_1/events', { target: '_blank' }), here)).toBe(false);
    expect(leavesByLink(click, link('/exports/file.csv', { download: true }), here)).toBe(false);
    expect(leavesByLink(click, link(`${here}#templates-heading`), here)).toBe(false);
    expect(leavesByLink(click, null, here)).toBe(false);
    expect(leavesByLink({ ...click, defaultPrevented: true }, link('/admin/orgs/org_1/events'), here)).toBe(false);
  });

  it('asks one question however many forms have changes, and none once they are saved or gone', () => {
    const g = new Guards();
    expect(g.question()).toBeNull();
    g.set('settings', 'Leave settings?');
    g.set('template', 'Leave the wording?');
    expect(g.question()).toBe('Leave the wording?');
    g.delete('template');
    expect(g.question()).toBe('Leave settings?');
    g.delete('settings');
    expect(g.question()).toBeNull();
  });
});
