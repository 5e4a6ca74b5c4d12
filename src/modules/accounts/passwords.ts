// argon2id password hashes (OWASP parameters: 19 MiB, 2 passes).
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm.Argon2id is a const enum (2), which isolated modules cannot read.
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Hashing and checking passwords; injected, so a test can see that both sign-in paths do the same work. */
export interface Passwords {
  hash(password: string): Promise<string>;
  /** False for a missing hash, without any less work than for a real one. */
  verify(stored: string | null, password: string): Promise<boolean>;
}

// Checked against when there is no hash to check (unknown e-mail, invited account), so every path costs
// one argon2 verification.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash('not-a-real-password-0', OPTIONS));

export const argon2Passwords: Passwords = {
  hash: (password) => hash(password, OPTIONS),
  async verify(stored, password) {
    try {
      const ok = await verify(stored ?? await dummyHash(), password);
      return ok && stored !== null;
    } catch {
      return false;
    }
  },
};
