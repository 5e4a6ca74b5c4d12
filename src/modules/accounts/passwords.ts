// argon2id password hashes (OWASP parameters: 19 MiB, 2 passes).
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id's cost: memory in KiB, passes, lanes. */
export interface Argon2Cost { memoryCost: number; timeCost: number; parallelism: number }

/** The site's cost, OWASP's recommendation for argon2id (19 MiB, 2 passes, 1 lane): every stored hash. */
export const ARGON2_COST: Argon2Cost = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Hashing and checking passwords; injected, so a test can see that both sign-in paths do the same work. */
export interface Passwords {
  hash(password: string): Promise<string>;
  /** False for a missing hash, without any less work than for a real one. */
  verify(stored: string | null, password: string): Promise<boolean>;
}

/**
 * argon2id at a cost (the site's unless told otherwise; buildApp's `passwords` option lets the tests use a
 * far cheaper one, test/helpers/test-app.ts). Checked against when there is no hash to check (unknown e-mail,
 * invited account), a dummy hash of the same cost, so every path costs one argon2 verification.
 */
export function createArgon2Passwords(cost: Argon2Cost = ARGON2_COST): Passwords {
  // Algorithm.Argon2id is a const enum (2), which isolated modules cannot read.
  const options = { algorithm: 2 as Algorithm, ...cost };
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hash('not-a-real-password-0', options));
  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      try {
        const ok = await verify(stored ?? await dummyHash(), password);
        return ok && stored !== null;
      } catch {
        return false;
      }
    },
  };
}

/** The site's hashing: argon2id at ARGON2_COST. */
export const argon2Passwords: Passwords = createArgon2Passwords();
