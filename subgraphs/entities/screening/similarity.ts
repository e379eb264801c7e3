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

/** Jaro similarity of two strings, 0..1. */
export function jaro(a: string, b: string): number {
  if (a === b) {
    return a.length === 0 ? 0 : 1;
  }
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (!bMatch[j] && a[i] === b[j]) {
        aMatch[i] = true;
        bMatch[j] = true;
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
  for (let i = 0; i < a.length; i++) {
    if (aMatch[i]) {
      while (!bMatch[k]) {
        k++;
      }
      if (a[i] !== b[k]) {
        transpositions++;
      }
      k++;
    }
  }
  return (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro-Winkler similarity, 0..1, with the standard prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Score (0..100) of a screened name against a listed name: Jaro-Winkler over the normalised
 * tokens, in the order given and sorted (so "Sang Man Kim" meets "KIM, Sang Man").
 */
export function nameScore(queryTokens: string[], listedTokens: string[]): number {
  if (queryTokens.length === 0 || listedTokens.length === 0) {
    return 0;
  }
  const inOrder = jaroWinkler(queryTokens.join(' '), listedTokens.join(' '));
  const sorted = jaroWinkler([...queryTokens].sort().join(' '), [...listedTokens].sort().join(' '));
  return Math.round(Math.max(inOrder, sorted) * 10000) / 100;
}
