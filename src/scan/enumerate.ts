/**
 * Pick-and-remove enumeration (testssl.sh `cipher_pref_check`, sslscan `testProtocolCiphers`,
 * nmap ssl-enum-ciphers): offer candidates, note the one the server picks, remove it, repeat
 * until the server refuses. Pure logic over a `pick` function (one connection per call), so it
 * is tested against simulated servers.
 *
 * Two things make it fast and gentle:
 * - Preference comes for free. The first round offers the list and its reverse at once. A server
 *   that honours the client's order answers with the first accepted suite of each, which differ;
 *   a server with its own order answers the same suite twice. With client order, every accepted
 *   suite lies between those two picks in our list, so the rest can be split into independent
 *   chains that run in parallel (each costs one refusal at its end). With server order the chain
 *   stays single, so the sequence of picks is the server's full order.
 * - Chains split only while they keep finding suites, so a server with few suites costs few
 *   refusals, and one with many gets more parallel chains (up to `maxChains`).
 */

export type PickResult =
  | { readonly kind: 'picked'; readonly item: number }
  | { readonly kind: 'refused'; readonly alert: number | null; readonly reason: string };

/**
 * One hello with `offered`. `more` is true when another call will follow if this one picks
 * something (the caller may get the next connection ready meanwhile).
 */
export type PickFn = (offered: readonly number[], more: boolean) => Promise<PickResult>;

export interface EnumerateOptions {
  /**
   * Most chains running in parallel once client order is known. A function is asked each time a
   * chain could start, so the caller can decide once it knows how far the server is.
   */
  readonly maxChains: number | (() => number);
  /** Send the reversed list in parallel with the first (false: only after the first pick, saving a connection when nothing is accepted). */
  readonly parallelFirstRound: boolean;
  /** Candidates that are likely to be accepted (used to balance chains). */
  readonly likely?: (item: number) => boolean;
  /**
   * false: plain sequential pick-and-remove, without the reversed-list round (one connection
   * less when the server orders, but no preference verdict and no parallel chains).
   */
  readonly detectPreference?: boolean;
  /** Suites per hello once the server has refused the whole list (testssl.sh: 128). */
  readonly maxPerHello?: number;
}

export interface EnumerateResult {
  /** Accepted items: in the server's order when serverPreference is true, else in candidate order. */
  readonly accepted: number[];
  readonly serverPreference: boolean | null;
  /** Calls to `pick` (connections). */
  readonly attempts: number;
  /** The first refusal, telling why the list ended (or why nothing was accepted). */
  readonly firstRefusal: { alert: number | null; reason: string } | null;
  /** An error that cut the enumeration short (the list may be incomplete). */
  readonly error: unknown;
}

/** Splits a list in two by alternating members, so accepted items spread evenly. */
function halves(list: readonly number[]): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  list.forEach((x, i) => (i % 2 === 0 ? a : b).push(x));
  return [a, b];
}

function chunk(list: readonly number[], size: number): number[][] {
  if (list.length === 0) return [];
  const n = Math.max(1, Math.ceil(list.length / size));
  const out: number[][] = Array.from({ length: n }, () => []);
  list.forEach((x, i) => out[i % n]?.push(x));
  return out;
}

export async function enumerate(candidates: readonly number[], pick: PickFn, options: EnumerateOptions): Promise<EnumerateResult> {
  // A server that took the whole list takes any part of it; only after the short retry below
  // are hellos capped.
  let maxPerHello = Infinity;
  let attempts = 0;
  let firstRefusal: { alert: number | null; reason: string } | null = null;
  let error: unknown;
  // Another call follows a pick whenever something is left; a list without likely candidates
  // is probably the chain's last (refused) hello, so nothing is prepared for after it.
  const likelyIn = (offered: readonly number[]) => (options.likely ? offered.some(options.likely) : true);
  const likelyCount = (items: readonly number[]) => {
    const likely = options.likely;
    if (!likely) return items.length;
    let n = 0;
    for (const x of items) if (likely(x)) n++;
    return n;
  };
  const call = async (offered: readonly number[], more = offered.length > 1 && likelyIn(offered)): Promise<PickResult> => {
    attempts++;
    const r = await pick(offered, more);
    if (r.kind === 'refused') firstRefusal ??= { alert: r.alert, reason: r.reason };
    return r;
  };
  const maxChains = () => (typeof options.maxChains === 'number' ? options.maxChains : options.maxChains());
  const done = (accepted: number[], serverPreference: boolean | null): EnumerateResult => ({ accepted, serverPreference, attempts, firstRefusal, error });
  if (candidates.length === 0) return done([], null);

  let list = [...candidates];
  const reversed = [...list].reverse();
  let first: PickResult;
  let second: PickResult | undefined;
  try {
    if (options.parallelFirstRound) {
      [first, second] = await Promise.all([call(list, true), call(reversed, true)]);
    } else {
      first = await call(list, true);
    }
    // Some servers fail on long hellos (testssl.sh: the 128-cipher bug): retry short before concluding.
    if (first.kind === 'refused' && first.alert !== 70 && list.length > 128) {
      const likely = options.likely;
      const short = (likely ? [...list.filter(likely), ...list.filter((x) => !likely(x))] : list).slice(0, 128);
      const retry = await call(short);
      if (retry.kind === 'picked') {
        first = retry;
        second = undefined;
        list = short.concat(list.filter((x) => !short.includes(x)));
        maxPerHello = options.maxPerHello ?? 128;
      }
    }
    if (first.kind === 'refused') return done([], null);
    if (options.detectPreference === false) {
      const seq = await sequential(list, first.item);
      return { ...seq, serverPreference: null };
    }
    if (second === undefined || second.kind === 'refused') {
      second = await call([...list].reverse());
    }
  } catch (err) {
    error = err;
    return done([], null);
  }
  if (second.kind === 'refused') {
    // Refused the reversed list after accepting the forward one: a server that breaks on order
    // or size; fall back to a single chain.
    return sequential(list, first.item);
  }

  const a = first.item;
  const b = second.item;
  if (a === b) return sequential(list, a);

  // Client order: everything accepted lies between a and b in `list`.
  const ia = list.indexOf(a);
  const ib = list.indexOf(b);
  const between = list.slice(Math.min(ia, ib) + 1, Math.max(ia, ib));
  const found = new Set<number>([a, b]);
  const chainsRunning: Promise<void>[] = [];
  let chains = 0;
  const startChain = (items: number[]) => {
    chains++;
    chainsRunning.push(runChain(items));
  };
  const runChain = async (items: number[]): Promise<void> => {
    // Per pick only native array operations and a counter: a cold process runs this loop in
    // V8's interpreter, where a callback per candidate (hundreds, a hundred times) costs more
    // than the hellos themselves.
    let rest = items;
    let likelyLeft = likelyCount(rest);
    while (rest.length > 0 && error === undefined) {
      let r: PickResult;
      try {
        r = await call(rest, rest.length > 1 && likelyLeft > 0);
      } catch (err) {
        error ??= err;
        return;
      }
      if (r.kind === 'refused') return;
      const got = r.item;
      const at = rest.indexOf(got);
      if (at < 0) {
        error ??= new Error(`the server picked ${got}, which was not offered`);
        return;
      }
      found.add(got);
      rest = rest.slice(0, at).concat(rest.slice(at + 1));
      if (!options.likely || options.likely(got)) likelyLeft--;
      if (chains < maxChains() && likelyLeft >= 8) {
        const [mine, theirs] = halves(rest);
        rest = mine;
        likelyLeft = likelyCount(rest);
        startChain(theirs);
      }
    }
  };
  // Start with as many chains as the likely candidates warrant (about ten each), then split on success.
  const likelyBetween = options.likely ? between.filter(options.likely).length : between.length;
  const wanted = Math.min(maxChains(), Math.max(1, Math.ceil(likelyBetween / 10)));
  const initial = chunk(between, Math.min(maxPerHello, Math.ceil(between.length / wanted)));
  // A strictly client-ordered server accepts nothing outside [a, b]; the first chain still
  // carries those candidates at its end, so a server that picks by other rules is caught by a
  // hello that is sent anyway (its last, refused one) instead of an extra connection.
  const lo = Math.min(ia, ib);
  const hi = Math.max(ia, ib);
  const outside = list.filter((_, i) => i < lo || i > hi);
  if (initial.length === 0) initial.push([]);
  initial[0] = [...(initial[0] ?? []), ...outside];
  for (const c of initial) if (c.length > 0) startChain(c);
  // chains may start more chains while we wait
  for (let i = 0; i < chainsRunning.length; i++) await chainsRunning[i];
  return done(list.filter((x) => found.has(x)), false);

  async function sequential(l: number[], firstPick: number): Promise<EnumerateResult> {
    const order = [firstPick];
    let rest = l.filter((x) => x !== firstPick);
    while (rest.length > 0) {
      let r: PickResult;
      try {
        r = await call(rest.slice(0, maxPerHello));
      } catch (err) {
        error = err;
        break;
      }
      if (r.kind === 'refused') {
        if (rest.length <= maxPerHello) break;
        rest = rest.slice(maxPerHello);
        continue;
      }
      const got = r.item;
      const at = rest.indexOf(got);
      if (at < 0) {
        error = new Error(`the server picked ${got}, which was not offered`);
        break;
      }
      order.push(got);
      rest = rest.slice(0, at).concat(rest.slice(at + 1));
    }
    return done(order, order.length >= 2 ? true : null);
  }
}
