/**
 * A counter keyed by name, bounded: what the log report counts by protocol, cipher, failure
 * reason, delivery status and service.
 */

/**
 * A Map (dynamic object keys are slow to update in bulk) of boxed counts, so that counting a
 * known key is one lookup, not a get and a set.
 */
export class Tally implements Iterable<[string, number]> {
  /** Distinct keys kept; more (only hostile logs have them) are counted under `(other)`. */
  static readonly MAX_KEYS = 1000;
  /** Made on first use: most tallies of most clients stay empty. */
  private counts: Map<string, { n: number }> | null = null;

  constructor(entries?: Iterable<readonly [string, number]>) {
    if (entries) for (const [k, v] of entries) this.add(k, v);
  }

  get size(): number {
    return this.counts?.size ?? 0;
  }

  get(key: string): number | undefined {
    return this.counts?.get(key)?.n;
  }

  add(key: string, n = 1): void {
    const counts = (this.counts ??= new Map<string, { n: number }>());
    const box = counts.get(key);
    if (box !== undefined) box.n += n;
    else if (counts.size < Tally.MAX_KEYS) counts.set(key, { n });
    else {
      const other = counts.get('(other)');
      if (other !== undefined) other.n += n;
      else counts.set('(other)', { n });
    }
  }

  /** Adds every count of another tally (folding clients together). */
  addAll(other: Tally): void {
    for (const [k, v] of other) this.add(k, v);
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    if (this.counts) for (const [k, box] of this.counts) yield [k, box.n];
  }

  /** Plain object, largest counts first (ties by name): the JSON form. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of [...this].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out[k] = v;
    return out;
  }
}
