// argon2id password hashes (OWASP parameters: 19 MiB, 2 passes).
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm.Argon2id is a const enum (2), which isolated modules cannot read.
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try { return await verify(stored, password); } catch { return false; }
}

// Verified against when the e-mail is unknown, so a login takes as long either way.
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword('not-a-real-password-0'));
