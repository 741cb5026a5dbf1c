import { createElement as h, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { cellClasses, cellLabel, ScrollRegion, Table, type Column } from '../../../web/src/ui/table';

type Row = { key: string; name: string; sold: number; bad?: boolean };
const columns: Column<Row>[] = [
  { header: 'Ticket type', rowHeader: true, cell: (r) => r.name },
  { header: 'Sold', className: 'num', cellClassName: (r) => (r.bad ? 'field-error' : undefined), cell: (r) => r.sold },
  { header: 'Actions', hideHeader: true, wide: true, cell: (r) => (r.sold ? null : h('button', { type: 'button' }, 'Delete')) },
];
const html = (el: ReactElement) => renderToStaticMarkup(el);
const table = (props: Partial<Parameters<typeof Table<Row>>[0]>) => html(h(Table<Row>, { items: [], columns, rowKey: (r: Row) => r.key, ...props }));

describe('the shared table (rows read as labelled cards on a phone)', () => {
  it('gives every cell its column’s header as the label a phone shows beside it, and names each row', () => {
    const out = table({ items: [{ key: 'a', name: 'Lawn', sold: 3 }] });
    expect(out).toContain('<table class="stacks" aria-busy="false">');
    expect(out).toContain('<th scope="row"><span class="cell">Lawn</span></th>');
    expect(out).toContain('<td class="num" data-label="Sold"><span class="cell">3</span></td>');
    // A hidden header ("Actions") is read by screen readers, its cells carry no label; an empty cell has nothing in it to label.
    expect(out).toContain('<th scope="col"><span class="visually-hidden">Actions</span></th>');
    expect(out).toContain('<td class="wide" data-label=""></td>');
    expect(table({ items: [{ key: 'b', name: 'VIP', sold: 0 }] })).toContain('<td class="wide" data-label=""><span class="cell"><button type="button">Delete</button></span></td>');
  });

  it('puts totals in the tfoot with the same labels, and says when there is nothing', () => {
    const out = table({ foot: [{ key: 'total', name: 'Total', sold: 9, bad: true }], empty: 'No ticket types yet.' });
    expect(out).toContain('<td colSpan="3" class="empty">No ticket types yet.</td>');
    expect(out).toMatch(/<tfoot><tr><th scope="row"><span class="cell">Total<\/span><\/th><td class="num field-error" data-label="Sold">/);
    expect(table({ busy: true })).not.toContain('class="empty"');
  });

  it('a caption for screen readers only, row attributes and column attributes for tests', () => {
    const out = table({
      items: [{ key: 'a', name: 'Lawn', sold: 0 }],
      columns: [columns[0]!, { ...columns[1]!, attrs: { 'data-sold': '' } }],
      caption: 'Ticket types',
      captionHidden: true,
      rowProps: (r) => ({ 'data-step': r.key }),
    });
    expect(out).toContain('<caption class="visually-hidden">Ticket types</caption>');
    expect(out).toContain('<tr data-step="a">');
    expect(out).toContain('data-sold=""');
  });

  it('labels and classes', () => {
    expect(cellLabel({ header: 'Sold' })).toBe('Sold');
    expect(cellLabel({ header: 'Actions', hideHeader: true })).toBe('');
    expect(cellClasses(columns[1]!, { key: 'a', name: 'x', sold: 1, bad: true })).toBe('num field-error');
    expect(cellClasses(columns[0]!, { key: 'a', name: 'x', sold: 1 })).toBeUndefined();
  });

  it('a region that scrolls sideways is named, focusable and says that it scrolls', () => {
    const out = html(h(ScrollRegion, { label: 'Sales per day and ticket type', children: h('table') }));
    expect(out).toContain('role="region" aria-label="Sales per day and ticket type (scrolls sideways)" tabindex="0"');
    expect(out).toContain('Scroll sideways for every column');
  });
});
