/**
 * Returns `rows` in the order of `keys` (one entry per key, `null` where none matches), as a
 * DataLoader batch function must.
 */
export function orderByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) {
    byKey.set(keyOf(row), row);
  }
  return keys.map(k => byKey.get(k) ?? null);
}

/** Groups `rows` by key in the order of `keys` (an empty list where none matches). */
export function groupByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = byKey.get(k);
    if (list) {
      list.push(row);
    } else {
      byKey.set(k, [row]);
    }
  }
  return keys.map(k => byKey.get(k) ?? []);
}
