/**
 * The console's one table. On a wide screen a plain table; on a phone (admin.css, "table.stacks", under 600px)
 * each row reads as a small card: the row's name (a `rowHeader` column) as its title, then one "header  value"
 * line per cell, so no column runs off the right edge and nothing scrolls sideways inside a wrapper. Every cell
 * carries its column's header (`data-label`) for that; the header row stays for screen readers.
 *
 * A wide grid of figures that cannot read as cards may scroll inside a <ScrollRegion> instead: a labelled,
 * focusable region that says it scrolls.
 */
import type { HTMLAttributes, ReactNode } from 'react';

export type Column<T> = {
  header: string;
  cell: (item: T) => ReactNode;
  /** Right-aligned figures: "num". */
  className?: string;
  /** The row's name: a row header (th scope="row"); on a phone the card's title line, without a label. */
  rowHeader?: boolean;
  /** The header is for screen readers only (a bar, "Actions"): its cells carry no label on a phone. */
  hideHeader?: boolean;
  /** A long cell (a form, folded details, several buttons): on a phone its label sits above it, not beside it. */
  wide?: boolean;
  /** A class of one cell from its item (e.g. an error colour). */
  cellClassName?: (item: T) => string | undefined;
  /** Attributes of every cell of the column (tests find a column by them). */
  attrs?: Record<`data-${string}`, string>;
};

/** The label a phone shows beside a column's cells: its header, or none when the header is hidden. */
export function cellLabel(column: Pick<Column<unknown>, 'header' | 'hideHeader'>): string {
  return column.hideHeader ? '' : column.header;
}

/** The classes of one cell: the column's, its item's, "wide"; undefined when none. */
export function cellClasses<T>(column: Column<T>, item: T): string | undefined {
  const names = [column.className, column.cellClassName?.(item), column.wide ? 'wide' : undefined].filter(Boolean);
  return names.length ? names.join(' ') : undefined;
}

/** Nothing to show: a cell that is empty collapses on a phone rather than showing a label with no value. */
const isBlank = (v: ReactNode) => v === null || v === undefined || v === false || v === '';

/** A table of items (every column a header and a cell), `empty` in one row when there are none; `foot` rows (totals) in its tfoot. */
export function Table<T>({
  items,
  columns,
  rowKey,
  empty = 'Nothing here yet.',
  caption,
  captionHidden = false,
  className,
  labelledBy,
  busy = false,
  foot,
  rowProps,
}: {
  items: readonly T[];
  columns: Column<T>[];
  rowKey: (item: T) => string;
  empty?: ReactNode;
  caption?: ReactNode;
  /** The caption is for screen readers only (the heading above the table says it already). */
  captionHidden?: boolean;
  className?: string;
  labelledBy?: string;
  busy?: boolean;
  foot?: readonly T[];
  rowProps?: (item: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
}) {
  const row = (item: T) => (
    <tr key={rowKey(item)} {...rowProps?.(item)}>
      {columns.map((c) => {
        const content = c.cell(item);
        const body = isBlank(content) ? null : <span className="cell">{content}</span>;
        return c.rowHeader ? (
          <th key={c.header} scope="row" className={cellClasses(c, item)}>
            {body}
          </th>
        ) : (
          <td key={c.header} className={cellClasses(c, item)} {...c.attrs} data-label={cellLabel(c)}>
            {body}
          </td>
        );
      })}
    </tr>
  );
  return (
    <table className={className ? `stacks ${className}` : 'stacks'} aria-labelledby={labelledBy} aria-busy={busy}>
      {caption && <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col" className={c.className}>
              {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.length === 0 && !busy ? (
          <tr>
            <td colSpan={columns.length} className="empty">
              {empty}
            </td>
          </tr>
        ) : (
          items.map(row)
        )}
      </tbody>
      {foot && foot.length > 0 && <tfoot>{foot.map(row)}</tfoot>}
    </table>
  );
}

/**
 * A region that scrolls sideways, for a grid that cannot read as cards: named (`label`), focusable so a keyboard
 * can scroll it, and saying so ("scrolls sideways") to everyone — a hint shows on a phone, where it scrolls.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap scroll-region" role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0}>
      <p className="hint scroll-hint" aria-hidden="true">
        Scroll sideways for every column →
      </p>
      {children}
    </div>
  );
}
