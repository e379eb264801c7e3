/**
 * @apollo/federation-internals re-exports its modules through accessor properties (TypeScript's
 * `__exportStar`): every `federation_internals_1.someFunction(…)` in @apollo/gateway's result
 * shaping is a getter call. On a page of 500 transfers that costs about 7% of the gateway's CPU
 * (measured with --cpu-prof on the export page of `npm run bench -- gateway`).
 *
 * Before @apollo/gateway is first loaded, the module's cache entry is given a plain object with
 * the same values (functions, classes and constants, read once; the modules assign them when
 * they load and never again), so that those calls are ordinary property reads. The values are
 * the same objects: `instanceof` and identity checks are unchanged.
 */
export function flattenFederationInternalsExports(): void {
  let id: string;
  try {
    id = require.resolve('@apollo/federation-internals');
  } catch {
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = require(id) as Record<string, unknown>;
  const entry = require.cache[id];
  if (!entry || entry.exports !== real || !Object.values(Object.getOwnPropertyDescriptors(real)).some(d => d.get)) {
    return;
  }
  const flat: Record<string, unknown> = {};
  for (const key of Object.keys(real)) {
    flat[key] = real[key];
  }
  Object.defineProperty(flat, '__esModule', { value: true });
  entry.exports = flat;
}
