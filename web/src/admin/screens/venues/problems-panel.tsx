/**
 * The seating builder's problems panel: the server's problems with the layout, each one shown on the map.
 */
import { Panel } from './panel-kit';
import type { PlacedIssues, PlacedIssue } from '../../seating/issues';

export function ProblemsPanel({ issues, onShow }: { issues: PlacedIssues; onShow: (i: PlacedIssue) => void }) {
  return (
    <Panel title="Problems to fix" badge={<span className="badge bad">{issues.all.length}</span>}>
      <ul className="issues" role="alert">
        {issues.all.map((i, n) => (
          <li key={n}>
            <strong>{i.where}:</strong> {i.message}{' '}
            {(i.target.kind === 'seat' || i.target.kind === 'row' || i.target.kind === 'section') && (
              <button type="button" className="linkish" onClick={() => onShow(i)}>
                Show
              </button>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
