import type { DataSource } from 'typeorm';
import { finish, pairWords, prepareName, soundex, wordSimilarity, type MatchMethod, type PreparedName } from './similarity';

interface IndexedName {
  readonly partyId: string;
  readonly name: string;
  readonly primary: boolean;
  readonly prepared: PreparedName;
  /** Each word's place in the vocabulary, and its length. */
  readonly wordIds: Int32Array;
  readonly lengths: Int32Array;
}

/** Query words whose similarities to the vocabulary are cached per search. */
const CACHED_QUERY_WORDS = 12;

interface PartyFacts {
  readonly kind: string;
  readonly list: string;
  readonly designations: { program: string; from: string; to: string | null }[];
}

export interface NameHit {
  readonly partyId: string;
  readonly score: number;
  readonly matchedName: string;
  readonly matchedOn: 'NAME' | 'ALIAS';
  readonly method: MatchMethod;
  readonly explanation: string;
}

export interface ScreenOptions {
  readonly minScore: number;
  readonly limit: number;
  readonly kinds?: readonly string[] | null;
  readonly lists?: readonly string[] | null;
  readonly programs?: readonly string[] | null;
  /** Parties listed on this date (now when absent). */
  readonly asOf?: string | null;
  /** Also parties no longer listed. */
  readonly includeDelisted?: boolean;
}

/** Keys under which a token is filed: its first two characters and its Soundex code. */
function keysOf(token: string): string[] {
  const keys = [`p${token.slice(0, 2)}`];
  const code = soundex(token);
  if (code) {
    keys.push(`s${code}`);
  }
  return keys;
}

function explain(method: MatchMethod, query: PreparedName, hit: IndexedName, score: number): string {
  const what = hit.primary ? 'primary name' : 'alias';
  switch (method) {
    case 'EXACT':
      return `Equals the ${what} "${hit.name}" once case, punctuation, diacritics, company forms, spacing and word order are set aside.`;
    case 'PHONETIC':
      return `Words of "${query.joined}" sound like words of the ${what} "${hit.name}" (Soundex ${hit.prepared.phonetic.join(' ')}); word-by-word similarity ${score}.`;
    case 'TOKEN_SET':
      return `Each word of "${query.joined}" resembles a word of the ${what} "${hit.name}" (Jaro-Winkler per word, in any order): ${score}.`;
    default:
      return `Jaro-Winkler similarity ${score} between "${query.joined}" and the ${what} "${hit.name}" ("${hit.prepared.joined}").`;
  }
}

/**
 * Every listed name and alias, normalised once and filed under its words' first letters and
 * Soundex codes, so that a screened name is scored against the few hundred names that could
 * reach a useful score instead of every name on the lists. Rebuilt when a new publication has
 * been imported (checked with one cheap query per screening request).
 */
export class ScreeningIndex {
  private names: IndexedName[] = [];
  private postings = new Map<string, number[]>();
  private parties = new Map<string, PartyFacts>();
  private version = -1;
  private building: Promise<void> | null = null;
  private stamp = new Uint32Array(0);
  private counts = new Uint8Array(0);
  private lastToken = new Int16Array(0);
  private words: string[] = [];
  private codes: string[] = [];
  private simCache: Float32Array[] = [];
  private simStamp: Uint32Array[] = [];
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Brings the index up to date with the latest imported publication. */
  async refresh(): Promise<void> {
    const [{ v }]: { v: number | null }[] = await this.dataSource.query(`SELECT max(id) AS v FROM list_publication`);
    const version = v ?? 0;
    if (version === this.version) {
      return;
    }
    this.building ??= this.rebuild(version).finally(() => {
      this.building = null;
    });
    await this.building;
  }

  private async rebuild(version: number): Promise<void> {
    const [names, designations]: [
      { party_id: string; name: string; primary: boolean; kind: string; list: string }[],
      { party_id: string; program: string; listed_on: string; delisted_on: string | null }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id AS party_id, p.name, true AS primary, p.kind, p.list FROM party p
         UNION ALL SELECT a.party_id, a.name, false, p.kind, p.list FROM alias a JOIN party p ON p.id = a.party_id`,
      ),
      this.dataSource.query(
        `SELECT party_id, program, to_char(listed_on, 'YYYY-MM-DD') AS listed_on, to_char(delisted_on, 'YYYY-MM-DD') AS delisted_on FROM designation`,
      ),
    ]);
    const parties = new Map<string, PartyFacts>();
    for (const n of names) {
      if (n.primary) {
        parties.set(n.party_id, { kind: n.kind, list: n.list, designations: [] });
      }
    }
    for (const d of designations) {
      parties.get(d.party_id)?.designations.push({ program: d.program, from: d.listed_on, to: d.delisted_on });
    }
    const indexed: IndexedName[] = [];
    const postings = new Map<string, number[]>();
    const vocabulary = new Map<string, number>();
    const words: string[] = [];
    const codes: string[] = [];
    for (const n of names) {
      const prepared = prepareName(n.name);
      const i = indexed.length;
      const wordIds = Int32Array.from(prepared.tokens, (t, k) => {
        let id = vocabulary.get(t);
        if (id === undefined) {
          id = words.length;
          vocabulary.set(t, id);
          words.push(t);
          codes.push(prepared.phonetic[k]);
        }
        return id;
      });
      indexed.push({ partyId: n.party_id, name: n.name, primary: n.primary, prepared, wordIds, lengths: Int32Array.from(prepared.tokens, t => t.length) });
      for (const token of prepared.tokens) {
        for (const key of keysOf(token)) {
          const list = postings.get(key);
          if (!list) {
            postings.set(key, [i]);
          } else if (list[list.length - 1] !== i) {
            list.push(i);
          }
        }
      }
    }
    this.names = indexed;
    this.postings = postings;
    this.parties = parties;
    this.stamp = new Uint32Array(indexed.length);
    this.counts = new Uint8Array(indexed.length);
    this.lastToken = new Int16Array(indexed.length);
    this.words = words;
    this.codes = codes;
    this.simCache = Array.from({ length: CACHED_QUERY_WORDS }, () => new Float32Array(words.length));
    this.simStamp = Array.from({ length: CACHED_QUERY_WORDS }, () => new Uint32Array(words.length));
    this.generation = 0;
    this.version = version;
  }

  /** How many names (primary and aliases) are indexed. */
  get size(): number {
    return this.names.length;
  }

  private eligible(partyId: string, opts: ScreenOptions): boolean {
    const p = this.parties.get(partyId);
    if (!p) {
      return false;
    }
    if (opts.kinds && !opts.kinds.includes(p.kind)) {
      return false;
    }
    if (opts.lists && !opts.lists.includes(p.list)) {
      return false;
    }
    const at = opts.asOf ?? null;
    const inForce = p.designations.filter(d => (at === null ? d.to === null : d.from <= at && (d.to === null || d.to > at)));
    if (opts.programs && !inForce.some(d => opts.programs!.includes(d.program))) {
      return false;
    }
    if (!opts.includeDelisted && inForce.length === 0) {
      return false;
    }
    return true;
  }

  /** The best match per party at or above `minScore`, best first, at most `limit`. Call `refresh` first. */
  search(name: string, opts: ScreenOptions): NameHit[] {
    const q = prepareName(name);
    if (q.tokens.length === 0) {
      return [];
    }
    // Candidates: names that share a word's first two letters or its Soundex code with all but a
    // third of the query's words. A word that shares neither with any word of a name is rarely
    // similar to one (Jaro-Winkler weighs the first letters), so a name that misses more words
    // cannot reach a useful word-by-word score; skipping it keeps a search to a few hundred pairs.
    const need = Math.max(1, q.tokens.length - Math.floor(q.tokens.length / 3));
    const candidates: number[] = [];
    const counts = this.counts;
    const lastToken = this.lastToken;
    const stamp = this.stamp;
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.simStamp.forEach(a => a.fill(0));
      this.generation = 1;
    }
    const generation = this.generation;
    q.tokens.forEach((token, t) => {
      for (const key of keysOf(token)) {
        const list = this.postings.get(key);
        if (!list) {
          continue;
        }
        for (let k = 0; k < list.length; k++) {
          const i = list[k];
          if (stamp[i] !== generation) {
            stamp[i] = generation;
            counts[i] = 0;
            lastToken[i] = -1;
          }
          if (lastToken[i] === t) {
            continue;
          }
          lastToken[i] = t;
          if (++counts[i] === need) {
            candidates.push(i);
          }
        }
      }
    });
    // Similarities of the query's words to each vocabulary word, computed once per search: the
    // candidates share most of their words (KIM, MOHAMMED, AL, ...).
    const qLengths = Int32Array.from(q.tokens, t => t.length);
    const sim = (i: number, id: number): number => {
      if (i < CACHED_QUERY_WORDS) {
        if (this.simStamp[i][id] === generation) {
          return this.simCache[i][id];
        }
        const v = wordSimilarity(q.tokens[i], this.words[id], q.phonetic[i], this.codes[id]);
        this.simCache[i][id] = v;
        this.simStamp[i][id] = generation;
        return v;
      }
      return wordSimilarity(q.tokens[i], this.words[id], q.phonetic[i], this.codes[id]);
    };
    const best = new Map<string, { hit: IndexedName; score: number; method: MatchMethod }>();
    for (const i of candidates) {
      const n = this.names[i];
      const { score, method } = finish(q, n.prepared, pairWords(qLengths, n.lengths, (a, b) => sim(a, n.wordIds[b])));
      if (score < opts.minScore) {
        continue;
      }
      const prev = best.get(n.partyId);
      if (!prev || score > prev.score || (score === prev.score && n.primary && !prev.hit.primary)) {
        best.set(n.partyId, { hit: n, score, method });
      }
    }
    return [...best.values()]
      .filter(b => this.eligible(b.hit.partyId, opts))
      .sort((a, b) => b.score - a.score || a.hit.partyId.localeCompare(b.hit.partyId))
      .slice(0, opts.limit)
      .map(b => ({
        partyId: b.hit.partyId,
        score: b.score,
        matchedName: b.hit.name,
        matchedOn: b.hit.primary ? 'NAME' : 'ALIAS',
        method: b.method,
        explanation: explain(b.method, q, b.hit, b.score),
      }));
  }
}
