// First run: until the site has an admin, /setup creates one — but only for whoever has the one-time
// set-up code. The code is made on first use and kept in the database (every instance and the command
// line agree on it); it is printed in the server's log at start and by `npm run gazette -- setup-url`.
import crypto from 'node:crypto';
import { safeEqual } from '../../platform/secrets.js';

// No 0/O, 1/I/L: the code is read off a terminal and typed by a person.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const KEY = 'setup_code';

/** Eight letters and digits (≈ 40 bits), shown as XXXX-XXXX. */
export function newSetupCode(): string {
  const chars = Array.from(crypto.randomBytes(8), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What a person typed, in the form the code is stored: upper case, one hyphen, no spaces. */
export function normaliseSetupCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

export interface KeyValues {
  valueOnce(key: string, create: () => string): Promise<string>;
  value(key: string): Promise<string | undefined>;
  deleteValue(key: string): Promise<void>;
}

export function createFirstRun(deps: { values: KeyValues; countAdmins: () => Promise<number>; baseUrl: string }) {
  let setUp = false;
  const needsSetup = async () => {
    if (!setUp) setUp = (await deps.countAdmins()) > 0;
    return !setUp;
  };
  return {
    needsSetup,
    /** The address that creates the first admin, with the code in it; undefined once the site has an admin. */
    async setupUrl(): Promise<string | undefined> {
      if (!(await needsSetup())) return undefined;
      const code = await deps.values.valueOnce(KEY, newSetupCode);
      return `${deps.baseUrl}/setup?code=${code}`;
    },
    async codeMatches(typed: string): Promise<boolean> {
      const code = await deps.values.value(KEY);
      return code !== undefined && safeEqual(normaliseSetupCode(typed), code);
    },
    /** The first admin exists: the code is spent. */
    async complete(): Promise<void> {
      setUp = true;
      await deps.values.deleteValue(KEY);
    },
  };
}

export type FirstRun = ReturnType<typeof createFirstRun>;
