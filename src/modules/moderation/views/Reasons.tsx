// Why the pipeline decided what it did about a comment: its spam score, the verdict and the deciding
// stage, and every stage's note before it.
import type { ModerationRecord } from '../pipeline.js';

export function Reasons({ record, score }: { record: ModerationRecord | null; score: number | null }) {
  return (
    <div class="mod-why">
      <p style="margin:.25rem 0">
        Spam score <strong data-spam-score>{score === null ? '—' : score.toFixed(3)}</strong>
        {record && <> · pipeline verdict <strong data-verdict={record.verdict}>{record.verdict}</strong> by stage <strong data-decided-by={record.decidedBy}>{record.decidedBy}</strong></>}
      </p>
      {record && record.reasons.length > 0 && (
        <ol class="mod-reasons" aria-label="Reasons">
          {record.reasons.map((r, i) => <li key={i} data-stage={r.stage}><strong>{r.stage}</strong>: {r.reason}</li>)}
        </ol>
      )}
    </div>
  );
}
