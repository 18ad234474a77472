import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `<job>-<yyyyMMddHHmmss in UTC>-<8 random [a-z0-9]>`, e.g. `compute-20210407105556-rkwaibwe`.
 * The suffix comes from a cryptographic source: 36^8 names a second make collisions between
 * concurrent creates vanishingly rare, and the gateway refuses the rare duplicate anyway.
 */
export function newJobName(job: string, now: Date, random: (max: number) => number = randomInt): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:T]/g, '');
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ALPHABET[random(ALPHABET.length)];
  return `${job}-${stamp}-${suffix}`;
}
