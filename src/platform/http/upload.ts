// Reading a multipart/form-data upload: one file and a few text fields, the same way for every upload route.
// A body that is not well-formed multipart (no boundary, cut off, broken part headers) is the client's
// mistake: a 400 INVALID_MULTIPART, never a 500.
import type { FastifyRequest } from 'fastify';
import { AppError, toAppError } from './errors.js';
import { hasControlCharacters, invalidCharacters } from './input.js';

export interface Upload {
  /** The named file part (possibly empty), or undefined when there was none. */
  file?: { data: Buffer; name: string };
  /** The text fields asked for, as sent. */
  fields: Record<string, string>;
}

export async function readUpload(req: FastifyRequest, opts: { file: string; fields?: readonly string[]; maxBytes: number }): Promise<Upload> {
  const wanted = new Set(opts.fields ?? []);
  const upload: Upload = { fields: {} };
  try {
    for await (const part of req.parts({ limits: { fileSize: opts.maxBytes, files: 1, fields: 5 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer(); // other file parts are read and dropped
        // The name is kept for the record, never shown as markup: characters it cannot use are replaced.
        // eslint-disable-next-line no-control-regex
        if (part.fieldname === opts.file) upload.file = { data, name: part.filename.replace(/[\u0000-\u001f\u007f]/g, '\ufffd') };
      } else if (wanted.has(part.fieldname)) {
        const value = String(part.value);
        if (hasControlCharacters(value)) throw invalidCharacters(part.fieldname);
        upload.fields[part.fieldname] = value;
      }
    }
  } catch (err) {
    // Size and count limits and our own refusals keep their codes (as an AppError, so a page can show them
    // beside its form); anything else came from parsing the body.
    if (err instanceof AppError) throw err;
    const known = toAppError(err);
    if (known.status < 500) throw known;
    throw new AppError(400, 'INVALID_MULTIPART', 'The upload is not a well-formed multipart/form-data body', opts.file);
  }
  return upload;
}
