// What a gazette command reads and writes besides the database: gazette.ts passes the process's own.

export interface CliIo {
  /** Results (process.stdout). */
  stdout: NodeJS.WritableStream;
  /** Messages and progress (process.stderr); a progress bar is drawn only when it is a terminal. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where create-admin asks for a password (process.stdin), only when it is a terminal. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  /** The configuration's variables (process.env). */
  env: Record<string, string | undefined>;
}
