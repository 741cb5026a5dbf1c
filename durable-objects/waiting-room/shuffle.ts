/**
 * The pre-queue's draw: one uniformly random permutation (Fisher–Yates) with crypto.getRandomValues, drawn once at
 * sale start and stored (queue.ts). `randomBelow` rejects the top of the 32-bit range that would bias the modulo.
 */
export function randomBelow(n: number, fill: (a: Uint32Array) => Uint32Array = (a) => crypto.getRandomValues(a)): number {
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError('randomBelow: n must be an integer in 1..2^32');
  const limit = 2 ** 32 - (2 ** 32 % n);
  const word = new Uint32Array(1);
  for (;;) {
    fill(word);
    if (word[0]! < limit) return word[0]! % n;
  }
}

/** A uniformly random order of `items` (a new array; the input is left as it is). */
export function shuffled<T>(items: readonly T[], below: (n: number) => number = (n) => randomBelow(n)): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
