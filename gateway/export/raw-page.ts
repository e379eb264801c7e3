/**
 * Reads one page of a connection straight from a subgraph's answer text, without building its
 * objects: the rows come out as slices of the text (each row's JSON exactly as the subgraph wrote
 * it), the page info parsed. This is how an export's pages pass through the gateway once the
 * first page has shown that the subgraph's answer IS the gateway's answer (gateway/export/route.ts):
 * JSON.parse of the answer, Apollo's result shaping and a JSON.stringify per row cost most of the
 * gateway's time on an export page, and every one of them reproduced the text it started from.
 *
 * The reader is strict about shape and gives up (null) on anything it does not expect: a
 * top-level key other than `data` (errors, extensions), an edge that is not an object, a
 * connection path that meets a list or a scalar. A null sends that page the ordinary way.
 */

/** One page read from an answer's text. */
export interface RawConnectionPage {
  /** The JSON text of each row (`edges[].node`, or `nodes[]`), in order. */
  readonly rows: string[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

/** Thrown inside the reader when the text is not what it expects; never escapes it. */
class Unexpected extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      c = t.charCodeAt(++this.i);
    }
  }

  expect(code: number): void {
    this.ws();
    if (this.text.charCodeAt(this.i) !== code) {
      throw new Unexpected();
    }
    this.i++;
  }

  /** Past the string starting at `i` (its opening quote); returns the index after its closing quote. */
  stringEnd(i: number): number {
    const t = this.text;
    let j = i;
    for (;;) {
      j = t.indexOf('"', j + 1);
      if (j < 0) {
        throw new Unexpected();
      }
      // Escaped when preceded by an odd number of backslashes.
      let k = j - 1;
      while (t.charCodeAt(k) === BACKSLASH) {
        k--;
      }
      if ((j - 1 - k) % 2 === 0) {
        return j + 1;
      }
    }
  }

  /** An object key (GraphQL response keys never need escapes; a key with one is read as written). */
  key(): string {
    this.ws();
    if (this.text.charCodeAt(this.i) !== QUOTE) {
      throw new Unexpected();
    }
    const end = this.stringEnd(this.i);
    const key = this.text.slice(this.i + 1, end - 1);
    this.i = end;
    this.expect(COLON);
    return key;
  }

  /** Past one value of any kind; returns where it started (after white space). */
  value(): number {
    this.ws();
    const t = this.text;
    const start = this.i;
    const c = t.charCodeAt(start);
    if (c === QUOTE) {
      this.i = this.stringEnd(start);
      return start;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      let j = start;
      for (;;) {
        const d = t.charCodeAt(j);
        if (d === QUOTE) {
          j = this.stringEnd(j);
          continue;
        }
        if (d === OPEN_BRACE || d === OPEN_BRACKET) {
          depth++;
        } else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          if (--depth === 0) {
            this.i = j + 1;
            return start;
          }
        } else if (Number.isNaN(d)) {
          throw new Unexpected();
        }
        j++;
      }
    }
    // A number, true, false or null: up to the next delimiter.
    let j = start;
    for (;;) {
      const d = t.charCodeAt(j);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || Number.isNaN(d)) {
        break;
      }
      j++;
    }
    if (j === start) {
      throw new Unexpected();
    }
    this.i = j;
    return start;
  }

  /** The next character after white space, not consumed. */
  peek(): number {
    this.ws();
    return this.text.charCodeAt(this.i);
  }

  /**
   * Walks an object's members: `member(key)` reads the value itself (and returns true) or leaves
   * it to be skipped (false).
   */
  object(member: (key: string) => boolean): void {
    this.list(OPEN_BRACE, CLOSE_BRACE, () => {
      if (!member(this.key())) {
        this.value();
      }
    });
  }

  /** Walks an array's elements with `element()`, which must read exactly one value. */
  array(element: () => void): void {
    this.list(OPEN_BRACKET, CLOSE_BRACKET, element);
  }

  /** Items between `open` and `close`, separated by commas, each read by `item()`. */
  private list(open: number, close: number, item: () => void): void {
    this.expect(open);
    if (this.peek() === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      const c = this.peek();
      this.i++;
      if (c === close) {
        return;
      }
      if (c !== COMMA) {
        throw new Unexpected();
      }
    }
  }

  /** `null` at this point? (consumed if so) */
  null(): boolean {
    if (this.peek() === 0x6e && this.text.startsWith('null', this.i)) {
      this.i += 4;
      return true;
    }
    return false;
  }
}

/**
 * The page at `path` (response keys from the root to the connection) in a GraphQL answer's text,
 * its rows under `edges[].node` or `nodes[]`; null when the answer is anything but `{"data": …}`
 * with that shape. A connection that is null (or under a null) is an empty last page.
 */
export function readRawPage(text: string, path: readonly string[], rows: 'edges' | 'nodes'): RawConnectionPage | null {
  const s = new Scanner(text);
  const out: string[] = [];
  let hasNextPage = false;
  let endCursor: string | null = null;
  let found = false;
  const row = (): void => {
    const start = s.value();
    out.push(text.slice(start, s.i));
  };
  /** An edge: an object whose `node` is the row. */
  const edge = (): void => {
    if (s.peek() !== OPEN_BRACE) {
      throw new Unexpected();
    }
    let node = false;
    s.object(k => {
      if (k !== 'node') {
        return false;
      }
      row();
      node = true;
      return true;
    });
    if (!node) {
      throw new Unexpected();
    }
  };
  const connection = (): void => {
    if (s.null()) {
      return;
    }
    s.object(key => {
      if (key === 'pageInfo') {
        const start = s.value();
        const info = JSON.parse(text.slice(start, s.i)) as { hasNextPage?: unknown; endCursor?: unknown } | null;
        if (info === null || typeof info !== 'object') {
          throw new Unexpected();
        }
        hasNextPage = info.hasNextPage === true;
        endCursor = typeof info.endCursor === 'string' ? info.endCursor : null;
        return true;
      }
      if (key === rows) {
        if (!s.null()) {
          s.array(rows === 'nodes' ? row : edge);
        }
        return true;
      }
      return false;
    });
  };
  const descend = (depth: number): void => {
    if (depth === path.length) {
      found = true;
      connection();
      return;
    }
    if (s.null()) {
      found = true;
      return;
    }
    if (s.peek() !== OPEN_BRACE) {
      throw new Unexpected();
    }
    s.object(key => {
      if (key !== path[depth]) {
        return false;
      }
      descend(depth + 1);
      return true;
    });
  };
  try {
    let data = false;
    s.object(key => {
      if (key !== 'data') {
        throw new Unexpected();
      }
      data = true;
      descend(0);
      return true;
    });
    s.ws();
    if (!data || !found || s.i !== text.length) {
      return null;
    }
  } catch (err) {
    if (err instanceof Unexpected || err instanceof SyntaxError) {
      return null;
    }
    throw err;
  }
  return { rows: out, hasNextPage, endCursor };
}
