import { randomInt } from 'node:crypto';
import { checkPassword } from '../domain/sign-in-policy.ts';

// A new account's first password, and the one a reset gives, is made by Lantern, not chosen by the
// administrator: random, long (100 bits), shown once, and easy to read out or type (no 0/o or 1/l to
// confuse).

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const GROUPS = 5;
const GROUP_LENGTH = 4;

function randomGroups(): string {
  return Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join('')).join('-');
}

/** A random password that the sign-in policy accepts for this person. */
export function initialPassword(person: { readonly email: string; readonly displayName: string }): string {
  // Random letters could, very rarely, spell part of the person's name; then draw again.
  for (;;) {
    const password = randomGroups();
    if (checkPassword(password, person).ok) return password;
  }
}
