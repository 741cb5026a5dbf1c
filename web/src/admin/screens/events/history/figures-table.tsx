/**
 * A chart's figures as a table, folded under a <details>: the text alternative of every History panel. The first
 * column names the row (a time, a day); the others are right-aligned numbers unless a column says otherwise. On a
 * phone each row reads as a card (ui/table.tsx), so no figure is off the right edge.
 */
import type { ReactNode } from 'react';
import { Table, type Column } from '../../../../ui/table';

export type FigureColumn = { label: string; text?: boolean };
export type FigureRow = { key: string; head: ReactNode; cells: ReactNode[] };

export function FiguresTable({ summary, caption, head, columns, rows, footer }: { summary: string; caption: string; head: string; columns: FigureColumn[]; rows: FigureRow[]; footer?: FigureRow[] }) {
  const cols: Column<FigureRow>[] = [
    { header: head, rowHeader: true, cell: (r) => r.head },
    ...columns.map((c, i): Column<FigureRow> => ({ header: c.label, className: c.text ? undefined : 'num', cell: (r) => r.cells[i] })),
  ];
  return (
    <details className="ops-more">
      <summary>{summary}</summary>
      <div className="table-wrap" tabIndex={0}>
        <Table items={rows} foot={footer} columns={cols} rowKey={(r) => r.key} caption={caption} />
      </div>
    </details>
  );
}
