import { FLAGSHIP } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  await stack.stopSubgraph('cases');
});
afterAll(() => stack?.stop());

describe('a subgraph down', () => {
  it('the flagship request still answers what the other subgraphs serve, with a coded error naming the service', async () => {
    const r = await stack.query(FLAGSHIP, { id: 'ofac-sdn:43377' });
    expect(r.status).toBe(200);
    const e = r.body.data.sanctionedEntity;
    expect(e).toMatchObject({ id: 'ofac-sdn:43377', name: 'KIM, Sang Man', programs: ['DPRK4'] });
    expect(e.accounts.length).toBeGreaterThan(0);
    expect(e.accounts[0].transfers.totalCount).toBeGreaterThan(0);
    expect(e.cryptoAddresses[0].transfers.totalCount).toBeGreaterThan(0);
    expect(e.cases).toBeNull();
    expect(e.accounts[0].cases).toBeNull();
    expect(r.body.errors?.length).toBeGreaterThan(0);
    for (const err of r.body.errors ?? []) {
      expect(err.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases' });
    }
  });

  it('requests that do not need it succeed without errors', async () => {
    const r = await stack.query(`{ sanctionedEntity(id: "ofac-sdn:43377") { name accounts { id status } } }`);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.sanctionedEntity.accounts.length).toBeGreaterThan(0);
  });

  it('a root field of the missing subgraph is null with the error, the rest is served', async () => {
    const r = await stack.query(`{ case(id: "demo-case-kim-sang-man") { id } sanctionedEntity(id: "ofac-sdn:27307") { name } }`);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ case: null, sanctionedEntity: { name: 'LAZARUS GROUP' } });
    expect(r.body.errors?.[0].extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases' });
  });
});
