import { nextPageRequest } from './next-page';

const QUERY = 'query P($a: String!, $after: String) { address(address: $a) { transfers(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }';
const request = (after: string | null) => ({ query: QUERY, variables: { a: '0xabc', after }, operationName: 'P' });
const page = (hasNextPage: boolean, endCursor: string | null) => ({
  address: { transfers: { pageInfo: { hasNextPage, endCursor }, edges: [{ node: { id: 't1' } }, { node: { id: 't2' } }] } },
});

describe('nextPageRequest', () => {
  it('is the same request with $after set to the end cursor, keys in the same order', () => {
    const next = nextPageRequest(request(null), page(true, 'c2'));
    expect(next).toEqual(request('c2'));
    expect(JSON.stringify(next)).toBe(JSON.stringify(request('c2')));
  });

  it('finds the connection below an entity fetch (a list of one)', () => {
    const entities = { query: QUERY, variables: { representations: [{ __typename: 'Account', id: 'a1' }], after: 'c2' } };
    const next = nextPageRequest(entities, { _entities: [{ transfers: { pageInfo: { hasNextPage: true, endCursor: 'c4' }, edges: [] } }] });
    expect(next?.variables).toEqual({ representations: [{ __typename: 'Account', id: 'a1' }], after: 'c4' });
  });

  it('is null on the last page, without $after, with two connections, below a list of several, or when the cursor does not move', () => {
    expect(nextPageRequest(request('c2'), page(false, 'c4'))).toBeNull();
    expect(nextPageRequest(request('c2'), page(true, null))).toBeNull();
    expect(nextPageRequest({ query: QUERY, variables: { a: '0xabc' } }, page(true, 'c2'))).toBeNull();
    expect(nextPageRequest({ query: QUERY }, page(true, 'c2'))).toBeNull();
    const two = { a: page(true, 'c2').address, b: page(true, 'c9').address };
    expect(nextPageRequest(request(null), two)).toBeNull();
    const several = { _entities: [page(true, 'c2').address, page(true, 'c3').address] };
    expect(nextPageRequest(request(null), several)).toBeNull();
    expect(nextPageRequest(request('c2'), page(true, 'c2'))).toBeNull();
    expect(nextPageRequest(request(null), null)).toBeNull();
  });
});
