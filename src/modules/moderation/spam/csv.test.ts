import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvError, decodeBasicEntities, parseCsv, parseLabelled, readLabelled } from './csv.js';

const fields = (s: string) => parseCsv(s).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain and quoted fields', () => {
    expect(fields('a,b,c\n1,"two, with comma",3\n')).toEqual([['a', 'b', 'c'], ['1', 'two, with comma', '3']]);
  });

  it('unescapes doubled quotes', () => {
    expect(fields('"she said ""hi""",x')).toEqual([['she said "hi"', 'x']]);
    expect(fields('""')).toEqual([['']]);
  });

  it('keeps line breaks inside quotes and numbers records by their first line', () => {
    const recs = parseCsv('h1,h2\n"line one\nline two\r\nline three",x\nlast,y');
    expect(recs.map((r) => r.fields)).toEqual([['h1', 'h2'], ['line one\nline two\r\nline three', 'x'], ['last', 'y']]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('handles CRLF, a byte-order mark, empty fields, blank lines and no final newline', () => {
    expect(fields('\ufeffa,b\r\n1,\r\n\r\n,2\r\n')).toEqual([['a', 'b'], ['1', ''], ['', '2']]);
    expect(fields('a,b\r\n"x","y"')).toEqual([['a', 'b'], ['x', 'y']]);
    expect(fields('a\r')).toEqual([['a']]);
  });

  it('reports malformed quoting with the line number', () => {
    expect(() => parseCsv('a,b\n"open,x\n')).toThrow('line 2: unterminated quoted field');
    expect(() => parseCsv('a,b\n"x"y,z\n')).toThrow('line 2: unexpected character after a closing quote');
    expect(() => parseCsv('a,b\nx,y"z\n')).toThrow('line 2: quote inside an unquoted field');
  });
});

describe('parseLabelled', () => {
  it('reads text/label with spam/ham', () => {
    expect(parseLabelled('text,label\nhello,ham\nbuy now,SPAM\n').map(({ text, label }) => ({ text, label })))
      .toEqual([{ text: 'hello', label: 'ham' }, { text: 'buy now', label: 'spam' }]);
  });

  it('reads the YouTube layout (CONTENT/CLASS with 1/0), trailing U+FEFF and entities', () => {
    const csv = 'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\r\n' +
      'id1,Ann,2015-01-01,"Nice &amp; catchy, it&#39;s &quot;great&quot; &lt;3\ufeff",0\r\n' +
      'id2,Bob,2015-01-02,"Check my channel\nplease\ufeff\ufeff",1\r\n';
    const rows = parseLabelled(csv);
    expect(rows).toEqual([
      { text: 'Nice & catchy, it\'s "great" <3', label: 'ham', line: 2 },
      { text: 'Check my channel\nplease', label: 'spam', line: 3 },
    ]);
  });

  it('names the line of a bad label, counting lines inside quoted fields', () => {
    const csv = 'text,label\n"one\ntwo\nthree",ham\nok,spam\n' + 'x,ham\n'.repeat(11) + 'bad,maybe\n';
    expect(() => parseLabelled(csv)).toThrow('line 17: label must be spam, ham, 1 or 0');
    try {
      parseLabelled(csv);
    } catch (err) {
      expect(err).toBeInstanceOf(CsvError);
      expect((err as CsvError).line).toBe(17);
    }
  });

  it('requires a header with text and label columns', () => {
    expect(() => parseLabelled('')).toThrow('line 1: missing header row');
    expect(() => parseLabelled('body,label\nx,ham\n')).toThrow('line 1: header has no text or CONTENT column');
    expect(() => parseLabelled('text,kind\nx,ham\n')).toThrow('line 1: header has no label or CLASS column');
  });

  it('rejects rows with the wrong number of fields', () => {
    expect(() => parseLabelled('text,label\nx,ham\ny,spam,extra\n')).toThrow('line 3: expected 2 fields, found 3');
  });

  it('decodes only basic entities', () => {
    expect(decodeBasicEntities('a &amp; b &#39;c&#x27; &lt;d&gt; &nbsp; &bogus;')).toBe('a & b \'c\' <d> &nbsp; &bogus;');
  });
});

describe('readLabelled', () => {
  it('reads a file and names it in errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-csv-'));
    try {
      const good = path.join(dir, 'good.csv');
      fs.writeFileSync(good, '\ufefftext,label\n"hi, there",0\n');
      expect(readLabelled(good)).toEqual([{ text: 'hi, there', label: 'ham', line: 2 }]);
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, 'text,label\nhi,2\n');
      expect(() => readLabelled(bad)).toThrow(`line 2: label must be spam, ham, 1 or 0 (${bad})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
