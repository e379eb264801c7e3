/** Words that say what form a company takes, not who it is: dropped before comparing names. */
const COMPANY_FORMS = new Set([
  'llc', 'ltd', 'limited', 'co', 'corp', 'corporation', 'inc', 'incorporated', 'company', 'plc', 'gmbh', 'ag', 'sa', 'sarl',
  'srl', 'bv', 'nv', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'ooo', 'zao', 'oao', 'fze', 'fzco', 'fzc', 'pte', 'pty', 'lp', 'llp',
  'the', 'of',
]);

/**
 * Normalises a name for comparison: case, diacritics and punctuation removed, hyphens split,
 * company-form words dropped. Returns the tokens.
 */
export function nameTokens(name: string): string[] {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const tokens = plain.split(' ').filter(t => t.length > 0);
  const kept = tokens.filter(t => !COMPANY_FORMS.has(t));
  return kept.length > 0 ? kept : tokens;
}

// Scratch flags reused by every call: screening scores thousands of pairs per name, and fresh
// arrays per pair would cost more than the comparison itself.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity of two strings, 0..1. */
export function jaro(a: string, b: string): number {
  if (a === b) {
    return a.length === 0 ? 0 : 1;
  }
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) {
    return 0;
  }
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, lb) * 2);
    flagsB = new Uint8Array(Math.max(la, lb) * 2);
  }
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const lo = i > window ? i - window : 0;
    const hi = Math.min(lb - 1, i + window);
    for (let k = lo; k <= hi; k++) {
      if (flagsB[k] === 0 && b.charCodeAt(k) === c) {
        flagsA[i] = 1;
        flagsB[k] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) {
    return 0;
  }
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 1) {
      while (flagsB[k] === 0) {
        k++;
      }
      if (a.charCodeAt(i) !== b.charCodeAt(k)) {
        transpositions++;
      }
      k++;
    }
  }
  return (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro-Winkler similarity, 0..1, with the standard prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) {
    prefix++;
  }
  return j + prefix * 0.1 * (1 - j);
}

/** American Soundex of one token (letters only): the phonetic code OFAC's search also uses. */
export function soundex(token: string): string {
  const s = token.toLowerCase().replace(/[^a-z]/g, '');
  if (s.length === 0) {
    return '';
  }
  const codes: Record<string, string> = {
    b: '1', f: '1', p: '1', v: '1',
    c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
    d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
  };
  let out = s[0].toUpperCase();
  let last = codes[s[0]] ?? '';
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i];
    const code = codes[ch] ?? '';
    if (code && code !== last) {
      out += code;
    }
    // h and w do not separate equal codes; vowels do.
    if (ch !== 'h' && ch !== 'w') {
      last = code;
    }
  }
  return out.padEnd(4, '0');
}

/** How a score was reached, from the strongest evidence to the weakest. */
export type MatchMethod = 'EXACT' | 'JARO_WINKLER' | 'TOKEN_SET' | 'PHONETIC';

/** A name prepared once for scoring. */
export interface PreparedName {
  readonly tokens: string[];
  readonly joined: string;
  readonly sorted: string;
  readonly concat: string;
  readonly phonetic: string[];
  readonly weight: number;
}

export function prepareName(name: string): PreparedName {
  return prepareTokens(nameTokens(name));
}

export function prepareTokens(tokens: string[]): PreparedName {
  return {
    tokens,
    joined: tokens.join(' '),
    sorted: [...tokens].sort().join(' '),
    concat: tokens.join(''),
    phonetic: tokens.map(soundex),
    weight: tokens.reduce((n, t) => n + t.length, 0),
  };
}

/** Two words that sound alike (equal Soundex, three letters or more) count at least this close. */
const PHONETIC_FLOOR = 0.88;

/**
 * Similarity of two words: Jaro-Winkler, raised to the phonetic floor when they sound alike.
 * Returns a negative number for a phonetic pair (its absolute value is the similarity), so that
 * callers can cache one number per pair.
 */
export function wordSimilarity(a: string, b: string, codeA: string, codeB: string): number {
  const s = jaroWinkler(a, b);
  if (s < PHONETIC_FLOOR && a.length >= 3 && b.length >= 3 && codeA !== '' && codeA === codeB) {
    return -PHONETIC_FLOOR;
  }
  return s;
}

// Scratch space for the pairing (a name rarely has more than a dozen words).
let pairSim = new Float64Array(256);
let usedA = new Uint8Array(32);
let usedB = new Uint8Array(32);

/**
 * Pairs the words of two names one to one, most similar pairs first, and scores the pairing like
 * a Dice coefficient weighted by word length: a word left without a partner, on either side,
 * counts as a miss. So "KIM, Song" does not pass for "Sang Man Kim", and a shared surname alone
 * does not make a match. `sim(i, j)` gives the similarity of word i of a and word j of b (negative
 * for a phonetic pair, see wordSimilarity).
 */
export function pairWords(
  lensA: readonly number[] | Int32Array,
  lensB: readonly number[] | Int32Array,
  sim: (i: number, j: number) => number,
): { score: number; phonetic: boolean } {
  const na = lensA.length;
  const nb = lensB.length;
  if (na * nb > pairSim.length) {
    pairSim = new Float64Array(na * nb * 2);
  }
  if (na > usedA.length || nb > usedB.length) {
    usedA = new Uint8Array(Math.max(na, nb) * 2);
    usedB = new Uint8Array(Math.max(na, nb) * 2);
  }
  let weight = 0;
  for (let i = 0; i < na; i++) {
    weight += lensA[i];
    for (let j = 0; j < nb; j++) {
      pairSim[i * nb + j] = sim(i, j);
    }
  }
  for (let j = 0; j < nb; j++) {
    weight += lensB[j];
  }
  usedA.fill(0, 0, na);
  usedB.fill(0, 0, nb);
  let sum = 0;
  let phonetic = false;
  for (let round = Math.min(na, nb); round > 0; round--) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < na; i++) {
      if (usedA[i]) {
        continue;
      }
      for (let j = 0; j < nb; j++) {
        const v = Math.abs(pairSim[i * nb + j]);
        if (!usedB[j] && v > best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    usedA[bi] = 1;
    usedB[bj] = 1;
    sum += best * (lensA[bi] + lensB[bj]);
    phonetic ||= pairSim[bi * nb + bj] < 0;
  }
  return { score: weight === 0 ? 0 : sum / weight, phonetic };
}

function aligned(a: PreparedName, b: PreparedName): { score: number; phonetic: boolean } {
  return pairWords(
    a.tokens.map(t => t.length),
    b.tokens.map(t => t.length),
    (i, j) => wordSimilarity(a.tokens[i], b.tokens[j], a.phonetic[i], b.phonetic[j]),
  );
}

/**
 * Scores a screened name against a listed one (0..100) in the manner of OFAC's Sanctions List
 * Search: Jaro-Winkler similarity over normalised names, with a Soundex component for spellings
 * that sound alike. Names are compared word by word in any order (so "Sang Man Kim" meets
 * "KIM, Sang Man" and a shared surname alone does not make a match); when the two names split
 * into words differently ("Sangman", "Sang Man"), the names without spaces are compared whole.
 */
export function scoreNames(q: PreparedName, l: PreparedName): { score: number; method: MatchMethod } {
  if (q.tokens.length === 0 || l.tokens.length === 0) {
    return { score: 0, method: 'TOKEN_SET' };
  }
  if (q.sorted === l.sorted || q.concat === l.concat) {
    return { score: 100, method: 'EXACT' };
  }
  return finish(q, l, aligned(q, l));
}

/** The final score from the word pairing, and the whole-name reading when the words split differently. */
export function finish(q: PreparedName, l: PreparedName, words: { score: number; phonetic: boolean }): { score: number; method: MatchMethod } {
  if (q.sorted === l.sorted || q.concat === l.concat) {
    return { score: 100, method: 'EXACT' };
  }
  let best = words.score;
  let method: MatchMethod = words.phonetic ? 'PHONETIC' : 'TOKEN_SET';
  // Whole names without spaces can only reach 0.95 when they start alike and are of about the
  // same length: check that first, it is much cheaper than Jaro-Winkler.
  const lq = q.concat.length;
  const ll = l.concat.length;
  if (
    q.tokens.length !== l.tokens.length &&
    q.concat.charCodeAt(0) === l.concat.charCodeAt(0) &&
    q.concat.charCodeAt(1) === l.concat.charCodeAt(1) &&
    Math.abs(lq - ll) <= 0.15 * Math.max(lq, ll)
  ) {
    const whole = jaroWinkler(q.concat, l.concat);
    if (whole > best && whole >= 0.95) {
      best = whole;
      method = 'JARO_WINKLER';
    }
  }
  return { score: Math.round(best * 10000) / 100, method };
}
