import { silentLogger } from '../../common/logger';
import type { GatewayContext } from '../context';
import { ExportReadAhead, type EarlyPage } from './read-ahead';

describe('ExportReadAhead', () => {
  const contextOf = (n: number): GatewayContext => ({ requestId: `r.${n}`, principal: null, log: silentLogger, authorization: null });
  const early = (n: number, body: string): EarlyPage<string> => ({ page: n, request: { query: body }, body, requestId: `r.${n}`, answer: Promise.resolve(`answer ${n}`) });

  it('hands an early answer to exactly the request it was sent for, once', async () => {
    const pages = new ExportReadAhead(contextOf);
    pages.put('chain', early(2, 'body 2'));
    expect(pages.take('chain', 'body 2', 'r.3')).toBeUndefined();
    expect(pages.misses).toBe(1);
    pages.put('chain', early(2, 'body 2'));
    expect(pages.take('accounts', 'body 2', 'r.2')).toBeUndefined();
    expect(await pages.take<string>('chain', 'body 2', 'r.2')?.answer).toBe('answer 2');
    expect(pages.take('chain', 'body 2', 'r.2')).toBeUndefined();
    expect(pages.hits).toBe(1);
  });

  it('drops what is kept when another request comes, and everything once closed', () => {
    const pages = new ExportReadAhead(contextOf);
    pages.put('chain', early(2, 'body 2'));
    expect(pages.take('chain', 'other body', 'r.2')).toBeUndefined();
    expect(pages.holds('chain')).toBe(false);
    pages.put('chain', early(2, 'body 2'));
    pages.close();
    expect(pages.isClosed).toBe(true);
    expect(pages.holds('chain')).toBe(false);
    pages.put('chain', early(3, 'body 3'));
    expect(pages.take('chain', 'body 3', 'r.3')).toBeUndefined();
    expect(pages.misses).toBe(3);
  });

  it('gives each page its context and slot', () => {
    const pages = new ExportReadAhead(contextOf);
    expect(pages.contextOf(4).requestId).toBe('r.4');
    expect(pages.slot(4)).toEqual({ pages, page: 4 });
  });
});
