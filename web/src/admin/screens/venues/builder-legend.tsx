/** The seating builder's legend under the plan: the price categories' colours and the seat flags' marks. */
import type { LayoutDocument } from '../../seating/document';

export function Legend({ doc }: { doc: LayoutDocument }) {
  return (
    <ul className="legend" aria-label="Legend">
      {doc.categories.map((c) => (
        <li key={c.key}>
          <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
        </li>
      ))}
      <li>
        <span className="swatch square" aria-hidden="true" /> Accessible
      </li>
      <li>
        <span className="swatch hollow" aria-hidden="true" /> Not for sale
      </li>
      <li>
        <span className="swatch dashed" aria-hidden="true" /> Restricted view
      </li>
    </ul>
  );
}
