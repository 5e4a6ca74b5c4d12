// Why the pipeline decided what it did about a comment: its spam score, the verdict and the deciding
// stage, and every stage's reason before it, in plain words (plain-reasons.ts).
import type { ModerationRecord } from '../pipeline.js';
import { stageLabel, type PlainReason } from './plain-reasons.js';

export function Reasons({ record, score, reasons }: { record: ModerationRecord | null; score: number | null; reasons: PlainReason[] }) {
  return (
    <div class="mod-why">
      <p style="margin:.25rem 0">
        Spam score <strong data-spam-score>{score === null ? '—' : score.toFixed(3)}</strong>
        {record && <> · pipeline verdict <strong data-verdict={record.verdict}>{record.verdict}</strong> by <strong data-decided-by={record.decidedBy}>{stageLabel(record.decidedBy)}</strong></>}
      </p>
      {reasons.length > 0 && (
        <ol class="mod-reasons" aria-label="Reasons">
          {reasons.map((r, i) => (
            <li key={i} data-stage={r.stage} data-deciding={r.deciding ? 'true' : undefined}><strong>{r.label}</strong>: {r.sentence}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
