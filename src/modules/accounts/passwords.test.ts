// The site's password hashing: argon2id at OWASP's cost (19 MiB, 2 passes, 1 lane), a check that is false
// for a wrong password, a missing hash or a broken one; and the same code at another cost (the tests' apps).
import { describe, expect, it } from 'vitest';
import { ARGON2_COST, argon2Passwords, createArgon2Passwords } from './passwords.js';

describe('password hashing', () => {
  it("hashes with argon2id at the site's cost, and checks only the right password", async () => {
    expect(ARGON2_COST).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const stored = await argon2Passwords.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await argon2Passwords.hash('correct horse battery')).not.toBe(stored); // salted
    expect(await argon2Passwords.verify(stored, 'correct horse battery')).toBe(true);
    expect(await argon2Passwords.verify(stored, 'correct horse batterY')).toBe(false);
    expect(await argon2Passwords.verify(null, 'not-a-real-password-0')).toBe(false);
    expect(await argon2Passwords.verify('not a hash', 'correct horse battery')).toBe(false);
  });

  it('hashes at another cost when given one, and checks hashes of either cost', async () => {
    const cheap = createArgon2Passwords({ memoryCost: 256, timeCost: 1, parallelism: 1 });
    const stored = await cheap.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await cheap.verify(stored, 'correct horse battery')).toBe(true);
    expect(await argon2Passwords.verify(stored, 'correct horse battery')).toBe(true);
    expect(await cheap.verify(await argon2Passwords.hash('correct horse battery'), 'correct horse battery')).toBe(true);
    expect(await cheap.verify(null, 'correct horse battery')).toBe(false);
  });
});
