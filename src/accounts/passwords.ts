import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms here, slow enough for offline guessing. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A fixed hash verified when the email is unknown, so response time does not reveal which emails exist. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword('not-a-real-password-0000'));
}

/** Problem with a new password, as a message key, or null when acceptable. */
export function passwordProblem(password: string, email?: string): 'too_short' | 'too_long' | 'is_email' | null {
  if (password.length < MIN_PASSWORD) return 'too_short';
  if (password.length > MAX_PASSWORD) return 'too_long';
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'is_email';
  return null;
}

/**
 * The password hasher as a provider: sign-in verifies exactly once per attempt, against the user's
 * hash or the dummy one, whether or not the account exists (tests count the calls).
 */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hashPassword(password);
  }

  verify(hash: string, password: string): Promise<boolean> {
    return verifyPassword(hash, password);
  }

  dummyHash(): Promise<string> {
    return dummyHash();
  }
}
