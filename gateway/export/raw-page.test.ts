import { mulberry32 } from '../../common/random';
import { readRawPage } from './raw-page';

/** What the ordinary path makes of an answer: parse it, find the connection, stringify each row. */
function reference(text: string, path: readonly string[], rows: 'edges' | 'nodes') {
  let v: any = JSON.parse(text).data;
  for (const k of path) {
    v = v?.[k];
  }
  const list: any[] = (rows === 'edges' ? v?.edges?.map((e: any) => e.node) : v?.nodes) ?? [];
  return { rows: list.map(n => JSON.stringify(n)), hasNextPage: v?.pageInfo?.hasNextPage === true, endCursor: v?.pageInfo?.endCursor ?? null };
}

/** Strings that trip a careless scanner: quotes, backslashes before quotes, brackets, unicode. */
const NASTY = ['', '"', '\\', '\\"', 'a\\\\', '{', '}', '[', ']', '{"node":1}', 'é', '\u2028', '\n', 'x"y', '\\\\\\"', ',', ':', 'null'];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.3) {
    return NASTY[Math.floor(rand() * NASTY.length)] + String(Math.floor(rand() * 100));
  }
  if (r < 0.4) {
    return rand() < 0.5 ? null : rand() < 0.5;
  }
  if (r < 0.5) {
    return Math.round((rand() - 0.5) * 1e6) / 100;
  }
  if (r < 0.7) {
    return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  }
  const o: Record<string, unknown> = {};
  for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) {
    o[`k${i}`] = randomValue(rand, depth + 1);
  }
  return o;
}

describe('readRawPage', () => {
  it('gives exactly the rows, page info and cursor the parse-and-stringify path gives, on 300 random answers', () => {
    const rand = mulberry32(7);
    for (let n = 0; n < 300; n++) {
      const nodes = Array.from({ length: Math.floor(rand() * 6) }, () => randomValue(rand, 0));
      const useEdges = rand() < 0.5;
      const conn: Record<string, unknown> = {
        ...(rand() < 0.5 ? { total: 3 } : {}),
        [useEdges ? 'edges' : 'nodes']: useEdges ? nodes.map(node => ({ cursor: 'c"}', node })) : nodes,
        pageInfo: { hasNextPage: rand() < 0.5, endCursor: rand() < 0.8 ? `cur\\"${n}` : null },
      };
      const answer = { data: { before: randomValue(rand, 2), address: { x: '}]', transfers: conn }, after: [1, '"'] } };
      // Compact, as JSON.stringify writes it, and indented, as another server might.
      for (const text of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) {
        const page = readRawPage(text, ['address', 'transfers'], useEdges ? 'edges' : 'nodes');
        const ref = reference(text, ['address', 'transfers'], useEdges ? 'edges' : 'nodes');
        expect(page).not.toBeNull();
        expect({ ...page!, rows: page!.rows.map(r => JSON.stringify(JSON.parse(r))) }).toEqual(ref);
        if (!text.includes('\n')) {
          // From a compact answer the rows are byte for byte what JSON.stringify writes.
          expect(page!.rows).toEqual(ref.rows);
        }
      }
    }
  });

  it('reads a null connection, or a null on the way to it, as an empty last page', () => {
    expect(readRawPage('{"data":{"address":null}}', ['address', 'transfers'], 'edges')).toEqual({ rows: [], hasNextPage: false, endCursor: null });
    expect(readRawPage('{"data":{"address":{"transfers":null}}}', ['address', 'transfers'], 'edges')).toEqual({ rows: [], hasNextPage: false, endCursor: null });
    expect(readRawPage('{"data":null}', ['address', 'transfers'], 'edges')).toEqual({ rows: [], hasNextPage: false, endCursor: null });
  });

  it('gives up (null) on anything but a clean answer of that shape', () => {
    const ok = '{"data":{"a":{"edges":[{"node":{"id":"1"}}],"pageInfo":{"hasNextPage":true,"endCursor":"x"}}}}';
    expect(readRawPage(ok, ['a'], 'edges')).toEqual({ rows: ['{"id":"1"}'], hasNextPage: true, endCursor: 'x' });
    const refused = [
      // errors or extensions beside the data
      '{"data":{"a":{"edges":[],"pageInfo":{"hasNextPage":false,"endCursor":null}}},"errors":[{"message":"x"}]}',
      '{"errors":[{"message":"x"}],"data":{"a":null}}',
      '{"data":{"a":null},"extensions":{}}',
      // a null edge, an edge without a node, a list or a scalar on the way
      '{"data":{"a":{"edges":[null],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}',
      '{"data":{"a":{"edges":[{"cursor":"c"}],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}',
      '{"data":{"a":[{"edges":[]}]}}',
      '{"data":{"a":3}}',
      // the path missing, truncated or trailing text, not JSON
      '{"data":{"b":{}}}',
      ok.slice(0, -1),
      `${ok}x`,
      'null',
      '',
      '{"data":{"a":{"edges":[{"node":{"id":"1}}],"pageInfo":{}}}}',
    ];
    for (const text of refused) {
      expect([text, readRawPage(text, ['a'], 'edges')]).toEqual([text, null]);
    }
  });
});
