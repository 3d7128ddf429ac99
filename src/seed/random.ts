// A small seeded pseudo-random generator for synthetic data. Same seed and stream, same sequence,
// on every machine: nothing here reads the clock or Math.random.

const UINT32 = 4_294_967_296;

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** splitmix32 step: turns nearby seeds into unrelated 32-bit states. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a, 32 bits: a stable number for a string (authority codes, names). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** hashString scaled to [0, 1). */
export const hashUnit = (text: string): number => hashString(text) / UINT32;

/**
 * xoshiro128** (Blackman and Vigna). `stream` picks an independent sequence for the same seed,
 * so each batch of a generation can have its own generator and stay reproducible.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream = 0) {
    const whole = Math.floor(Math.abs(seed));
    let state = (whole >>> 0) ^ Math.imul(Math.floor(whole / UINT32) >>> 0, 0x27d4eb2d) ^ (seed < 0 ? 0x5bd1e995 : 0);
    let output: number;
    [state, output] = splitmix32(state ^ Math.imul(stream >>> 0, 0x9e3779b1));
    this.#a = output;
    [state, output] = splitmix32(state);
    this.#b = output;
    [state, output] = splitmix32(state);
    this.#c = output;
    [, output] = splitmix32(state);
    this.#d = output;
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1; // the all-zero state never leaves zero
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / UINT32;
  }

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A uniform float in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() from an empty list');
    return item;
  }

  /** One value, with probability proportional to its weight. Weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [value: T, weight: number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('weighted() from an empty list');
    return last[0];
  }

  /** An exponentially distributed number with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const held = items[i];
      const other = items[j];
      if (held === undefined || other === undefined) continue;
      items[i] = other;
      items[j] = held;
    }
    return items;
  }

  /** A version-4-shaped UUID drawn from this generator (so deterministic, unlike crypto.randomUUID). */
  uuid(): string {
    const w0 = this.uint32();
    const w1 = ((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0; // version nibble 4
    const w2 = ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // variant bits 10
    const w3 = this.uint32();
    const h1 = hex8(w1);
    const h2 = hex8(w2);
    return `${hex8(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex8(w3)}`;
  }

  /** A string of `length` decimal digits (leading zeros kept), for reference numbers. */
  digits(length: number): string {
    let text = '';
    while (text.length < length) text += String(this.uint32() % 10);
    return text;
  }
}

const hex8 = (word: number): string => word.toString(16).padStart(8, '0');

/**
 * A fixed weighted choice over many values (e.g. 212 authorities), drawn by binary search
 * over cumulative weights rather than a linear scan.
 */
export class WeightedTable<T> {
  readonly #values: readonly T[];
  readonly #cumulative: Float64Array;

  constructor(entries: readonly (readonly [value: T, weight: number])[]) {
    const usable = entries.filter(([, weight]) => weight > 0);
    if (usable.length === 0) throw new RangeError('WeightedTable needs at least one positive weight');
    this.#values = usable.map(([value]) => value);
    this.#cumulative = new Float64Array(usable.length);
    let total = 0;
    usable.forEach(([, weight], index) => {
      total += weight;
      this.#cumulative[index] = total;
    });
  }

  get size(): number {
    return this.#values.length;
  }

  pick(rng: Random): T {
    const total = this.#cumulative[this.#cumulative.length - 1] ?? 0;
    const target = rng.next() * total;
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    const value = this.#values[low];
    if (value === undefined) throw new RangeError('WeightedTable is empty');
    return value;
  }
}
