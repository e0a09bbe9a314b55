/** The start-up-friendly SHA-256 gives exactly what node:crypto gives. */
import { createHash, randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/sha256.js';

const node = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples and every block-boundary length', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n < 200; n++) {
      const text = 'x'.repeat(n);
      expect(sha256Hex(text), String(n)).toBe(node(text));
    }
  });

  it('matches node:crypto for any text (UTF-8, astral characters included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => sha256Hex(text) === node(text)),
      {
        numRuns: 500,
      },
    );
    const token = randomBytes(32).toString('base64url');
    expect(sha256Hex(token)).toBe(node(token));
  });
});
