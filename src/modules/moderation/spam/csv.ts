// A small RFC 4180 CSV reader (quoted fields, "" escapes, line breaks inside quotes, CRLF or LF,
// a leading byte-order mark) and a loader for labelled comment files used to train and measure the
// spam filter.
import fs from 'node:fs';

export class CsvError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

/** Parses CSV text into records. Empty lines between records are skipped. */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    // A blank line is not a record.
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
      i += text[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new CsvError(start, 'unterminated quoted field');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        // Only a separator or the end of the record may follow a closing quote.
        if (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '\r' && i + 1 >= n) { i++; } else throw new CsvError(line, 'unexpected character after a closing quote');
        }
      } else {
        const s = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') throw new CsvError(line, 'quote inside an unquoted field');
          i++;
        }
        field = text.slice(s, i);
        if (i >= n && field.endsWith('\r')) field = field.slice(0, -1);
      }
      fields.push(field);
      if (i < n && text[i] === ',') { i++; continue; }
      break;
    }
    if (i < n) { i += text[i] === '\r' ? 2 : 1; line++; }
    records.push({ fields, line: start });
  }
  return records;
}

export type SpamLabel = 'spam' | 'ham';

export interface LabelledRow {
  text: string;
  label: SpamLabel;
  /** Line of the file where the row starts. */
  line: number;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'", '#39': "'" };

/** Decodes &amp; &quot; &lt; &gt; &apos; and numeric references (&#39; &#x27;). */
export function decodeBasicEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|quot|lt|gt|apos);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp < 0x110000 && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function parseLabel(raw: string, line: number): SpamLabel {
  const v = raw.trim().toLowerCase();
  if (v === 'spam' || v === '1') return 'spam';
  if (v === 'ham' || v === '0') return 'ham';
  throw new CsvError(line, 'label must be spam, ham, 1 or 0');
}

/**
 * Labelled comments from CSV text. A header row is required; the text is in the column named
 * `text` or `CONTENT`, the label in `label` or `CLASS` (names case-insensitive), with values spam /
 * ham or 1 / 0 (case-insensitive). Text loses trailing U+FEFF characters and has basic HTML
 * entities decoded.
 */
export function parseLabelled(input: string): LabelledRow[] {
  const records = parseCsv(input);
  const header = records[0];
  if (!header) throw new CsvError(1, 'missing header row');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const textCol = names.findIndex((f) => f === 'text' || f === 'content');
  const labelCol = names.findIndex((f) => f === 'label' || f === 'class');
  if (textCol < 0) throw new CsvError(header.line, 'header has no text or CONTENT column');
  if (labelCol < 0) throw new CsvError(header.line, 'header has no label or CLASS column');
  const rows: LabelledRow[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== header.fields.length) {
      throw new CsvError(r.line, `expected ${header.fields.length} fields, found ${r.fields.length}`);
    }
    const label = parseLabel(r.fields[labelCol]!, r.line);
    const text = decodeBasicEntities(r.fields[textCol]!.replace(/\ufeff+$/, ''));
    rows.push({ text, label, line: r.line });
  }
  return rows;
}

/** Labelled comments from a UTF-8 CSV file (see parseLabelled); errors name the file and line. */
export function readLabelled(file: string): LabelledRow[] {
  const input = fs.readFileSync(file, 'utf8');
  try {
    return parseLabelled(input);
  } catch (err) {
    if (err instanceof CsvError) throw new CsvError(err.line, `${err.message.replace(/^line \d+: /, '')} (${file})`);
    throw err;
  }
}
