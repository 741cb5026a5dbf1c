/**
 * A chart's figures as a table, folded under a <details>: the text alternative of every History panel. The first
 * column names the row (a time, a day); the others are right-aligned numbers unless a column says otherwise.
 */
import type { ReactNode } from 'react';

export type FigureColumn = { label: string; text?: boolean };
export type FigureRow = { key: string; head: ReactNode; cells: ReactNode[] };

export function FiguresTable({ summary, caption, head, columns, rows, footer }: { summary: string; caption: string; head: string; columns: FigureColumn[]; rows: FigureRow[]; footer?: FigureRow[] }) {
  const line = (r: FigureRow) => (
    <tr key={r.key}>
      <th scope="row">{r.head}</th>
      {r.cells.map((cell, i) => (
        <td key={i} className={columns[i]?.text ? undefined : 'num'}>
          {cell}
        </td>
      ))}
    </tr>
  );
  return (
    <details className="ops-more">
      <summary>{summary}</summary>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{head}</th>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.text ? undefined : 'num'}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{rows.map(line)}</tbody>
          {footer && footer.length > 0 && <tfoot>{footer.map(line)}</tfoot>}
        </table>
      </div>
    </details>
  );
}
