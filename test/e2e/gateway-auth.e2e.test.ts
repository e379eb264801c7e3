import { readFileSync } from 'node:fs';
import { accessRulesFromSdl, satisfies } from '../../common/identity/access';
import { ROLE_NAMES, ROLES, type RoleName } from '../../common/identity/roles';
import { signIdentity } from '../../common/identity/signed-header';
import { createApiKey, revokeApiKey } from '../../gateway/auth/api-keys';
import { startStack, SUPERGRAPH_PATH, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ auth: { identityCheck: true, anonymousRole: null, rateLimit: { perMinute: 60, burst: 40 }, limits: { depth: 8, cost: 5000, aliases: 5 } } });
});
afterAll(async () => {
  await stack?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const SUBJECT = 'query Subject($id: ID!) { sanctionedEntity(id: $id) { id name accounts { id status holder { name } } } }';

describe('authentication at the gateway', () => {
  it.each([
    ['no credential', {}, 'CREDENTIAL_MISSING'],
    ['a malformed token', { authorization: 'Bearer abc' }, 'TOKEN_MALFORMED'],
    ['an unknown scheme', { authorization: 'Basic YTpi' }, 'CREDENTIAL_SCHEME'],
  ])('refuses %s with a coded 401', async (_name, headers, reason) => {
    const res = await stack.query('{ __typename }', {}, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
  });

  it('refuses an expired token, a wrong audience, a wrong issuer, a bad signature and an unknown role', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      [stack.token('analyst', { exp: now - 3600 }), 'TOKEN_EXPIRED'],
      [stack.token('analyst', { aud: 'someone-else' }), 'TOKEN_WRONG_AUDIENCE'],
      [stack.token('analyst', { iss: 'elsewhere' }), 'TOKEN_WRONG_ISSUER'],
      [stack.token('analyst').slice(0, -4) + 'AAAA', 'TOKEN_BAD_SIGNATURE'],
      [stack.token('analyst', { role: 'root' }), 'TOKEN_UNKNOWN_ROLE'],
    ];
    for (const [token, reason] of cases) {
      const res = await stack.query('{ __typename }', {}, bearer(token));
      expect([res.status, res.body.errors?.[0].extensions?.reason]).toEqual([401, reason]);
    }
  });

  it('accepts API keys, stored hashed, and refuses a revoked one', async () => {
    const { key, record } = createApiKey(stack.auth.apiKeysPath, { name: 'acme-partner', role: 'partner', scopes: [] });
    expect(readFileSync(stack.auth.apiKeysPath, 'utf8')).not.toContain(key);
    const ok = await stack.query('{ sanctionedEntity(id: "ofac-sdn:43377") { name } }', {}, { 'x-api-key': key });
    expect(ok.body).toEqual({ data: { sanctionedEntity: { name: 'KIM, Sang Man' } } });
    revokeApiKey(stack.auth.apiKeysPath, record.id);
    const revoked = await stack.query('{ __typename }', {}, { authorization: `ApiKey ${key}` });
    expect([revoked.status, revoked.body.errors?.[0].extensions?.reason]).toEqual([401, 'API_KEY_REVOKED']);
    const unknown = await stack.query('{ __typename }', {}, { 'x-api-key': key.slice(0, -3) + 'xyz' });
    expect(unknown.body.errors?.[0].extensions?.reason).toBe('API_KEY_UNKNOWN');
  });
});

describe('field-level access', () => {
  it('nulls a forbidden field in a nested position, with FORBIDDEN at its path, and serves the rest', async () => {
    const res = await stack.query(SUBJECT, { id: 'ofac-sdn:43377' }, bearer(stack.token('partner')));
    expect(res.status).toBe(200);
    const accounts = res.body.data.sanctionedEntity.accounts as { id: string; status: string; holder: unknown }[];
    expect(accounts.length).toBeGreaterThan(0);
    for (const a of accounts) {
      expect(a).toEqual({ id: expect.any(String), status: expect.any(String), holder: null });
    }
    expect(res.body.errors).toEqual([
      { message: 'Forbidden: Account.holder needs scope read:pii.', path: ['sanctionedEntity', 'accounts', 'holder'], extensions: { code: 'FORBIDDEN', field: 'Account.holder' } },
    ]);
    const analyst = await stack.query(SUBJECT, { id: 'ofac-sdn:43377' }, bearer(stack.token('analyst')));
    expect(analyst.body.errors).toBeUndefined();
    expect(analyst.body.data.sanctionedEntity.accounts[0].holder.name).toEqual(expect.any(String));
  });

  it('keeps aliases and fragments in the path, and refuses mutations without investigator scopes', async () => {
    const res = await stack.query(
      'query { p: sanctionedEntity(id: "ofac-sdn:43377") { ...A } } fragment A on SanctionedEntity { accounts { who: holder { name } } }',
      {},
      bearer(stack.token('auditor')),
    );
    expect(res.body.errors?.map(e => e.path)).toEqual([['p', 'accounts', 'who']]);
    const m = await stack.query('mutation { openCase(input: { title: "Not allowed" }) { id } }', {}, bearer(stack.token('analyst')));
    expect(m.body).toEqual({
      data: { openCase: null },
      errors: [{ message: 'Forbidden: Mutation.openCase needs scope write:cases.', path: ['openCase'], extensions: { code: 'FORBIDDEN', field: 'Mutation.openCase' } }],
    });
  });

  it('passes the authenticated principal to the audit trail unchanged (a forged x-principal is ignored)', async () => {
    const token = stack.token('investigator', { sub: 'carol@northbridge.example' });
    await stack.query('query { account(id: "demo-acct-0001") { holder { name } } }', {}, { ...bearer(token), 'x-principal': 'mallory' });
    const trail = await stack.query(
      'query { account(id: "demo-acct-0001") { auditTrail(first: 100) { edges { node { principal operation origin } } } } }',
      {},
      bearer(stack.token('auditor')),
    );
    const nodes = trail.body.data.account.auditTrail.edges.map((e: { node: unknown }) => e.node);
    // From where: the address the gateway saw the request come from, signed into the identity.
    expect(nodes).toContainEqual({ principal: 'carol@northbridge.example', operation: 'read:Account.holder', origin: '127.0.0.1' });
    expect(nodes.some((n: { principal: string }) => n.principal === 'mallory')).toBe(false);
  });

  it('declarations and answers agree for every role on every declared field', async () => {
    const rules = accessRulesFromSdl(readFileSync(SUPERGRAPH_PATH, 'utf8'));
    // One probe per declared field or type; a new declaration without a probe fails here.
    const probes: Record<string, { query: string; path: string[] }> = {
      'type:AccountHolder': { query: '{ account(id: "demo-acct-0001") { holder { name } } }', path: ['account', 'holder'] },
      'type:HolderDocument': { query: '{ account(id: "demo-acct-0001") { holder { documents { number } } } }', path: ['account', 'holder'] },
      'type:AuditRecord': { query: '{ account(id: "demo-acct-0001") { auditTrail(first: 1) { edges { node { principal } } } } }', path: ['account', 'auditTrail', 'edges', 'node'] },
      'type:CaseNote': { query: '{ case(id: "demo-case-kim-sang-man") { notes { text } } }', path: ['case', 'notes'] },
    };
    const declared = [...[...rules.types.keys()].map(t => `type:${t}`), ...[...rules.fields.keys()].filter(f => !f.startsWith('Mutation.'))];
    expect(declared.filter(d => !probes[d])).toEqual([]);
    for (const [name, probe] of Object.entries(probes)) {
      const req = rules.types.get(name.slice(5))!;
      for (const role of ROLE_NAMES) {
        const allowed = satisfies(req, { sub: role, role, scopes: ROLES[role], via: 'jwt', authenticated: true });
        const res = await stack.query(probe.query, {}, bearer(stack.token(role as RoleName, { sub: `walk-${role}` })));
        const forbidden = (res.body.errors ?? []).filter(e => e.extensions?.code === 'FORBIDDEN');
        expect([name, role, forbidden.length > 0]).toEqual([name, role, !allowed]);
        if (!allowed) {
          expect([name, role, forbidden[0].path]).toEqual([name, role, probe.path]);
        }
      }
    }
    // Mutations: declared scopes, and the gateway refuses them to roles without them.
    for (const [coordinate, req] of rules.fields) {
      expect(coordinate.startsWith('Mutation.')).toBe(true);
      for (const role of ROLE_NAMES) {
        const allowed = satisfies(req, { sub: role, role, scopes: ROLES[role], via: 'jwt', authenticated: true });
        expect([coordinate, role, allowed]).toEqual([coordinate, role, role === 'admin' || role === 'investigator']);
      }
    }
  });
});

describe('subgraphs re-check the signed identity', () => {
  const post = (url: string, query: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }).then(async r => ({ status: r.status, body: (await r.json()) as any }));

  it('refuses a direct call without the header, and a forged one', async () => {
    const direct = await post(stack.subgraphs.accounts.url, '{ account(id: "demo-acct-0001") { id } }');
    expect([direct.status, direct.body.errors[0].extensions.reason]).toEqual([401, 'IDENTITY_MISSING']);
    const forged = signIdentity({ sub: 'x', role: 'admin', scopes: ROLES.admin, via: 'jwt', authenticated: true }, 'r1', 'not-the-secret-not-the-secret-xx');
    const bad = await post(stack.subgraphs.accounts.url, '{ account(id: "demo-acct-0001") { id } }', { 'x-identity': forged, 'x-request-id': 'r1' });
    expect([bad.status, bad.body.errors[0].extensions.reason]).toEqual([401, 'IDENTITY_BAD_SIGNATURE']);
  });

  it('enforces the scopes again from a valid identity', async () => {
    const partner = signIdentity({ sub: 'p', role: 'partner', scopes: [], via: 'api-key', authenticated: true }, 'r2', stack.auth.identitySecret);
    const res = await post(stack.subgraphs.accounts.url, '{ account(id: "demo-acct-0001") { id holder { name } } }', { 'x-identity': partner, 'x-request-id': 'r2' });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.data).toBeUndefined();
  });
});

describe('operation limits and rate limits', () => {
  it('refuses over-budget, too deep and alias-heavy operations before any subgraph is called', async () => {
    const token = bearer(stack.token('analyst', { sub: 'limits' }));
    stack.resetCounters();
    const costly = await stack.query('{ cases(first: 100) { edges { node { actions { __typename } subjects { __typename } timeline { __typename } } } } }', {}, token);
    expect([costly.status, costly.body.errors?.[0].extensions?.code]).toEqual([400, 'OPERATION_TOO_COSTLY']);
    const deep = await stack.query('{ sanctionedEntity(id: "x") { accounts { linkedEntities { accounts { linkedEntities { accounts { linkedEntities { accounts { id } } } } } } } } }', {}, token);
    expect(deep.body.errors?.[0].extensions?.code).toBe('OPERATION_TOO_DEEP');
    const aliases = await stack.query('{ a: __typename b: __typename c: __typename d: __typename e: __typename f: __typename }', {}, token);
    expect(aliases.body.errors?.[0].extensions?.code).toBe('TOO_MANY_ALIASES');
    expect(stack.fetches).toEqual({});
  });

  it('lets a partner key with a safelist run only its listed operations', async () => {
    const { key } = createApiKey(stack.auth.apiKeysPath, { name: 'listed', role: 'partner', scopes: [], operations: ['Party'] });
    const ok = await stack.query('query Party { sanctionedEntity(id: "ofac-sdn:43377") { name } }', {}, { 'x-api-key': key });
    expect(ok.body).toEqual({ data: { sanctionedEntity: { name: 'KIM, Sang Man' } } });
    const other = await stack.query('query Other { sanctionedEntity(id: "ofac-sdn:43377") { name } }', {}, { 'x-api-key': key });
    expect([other.status, other.body.errors?.[0].extensions?.code]).toEqual([403, 'OPERATION_NOT_ALLOWED']);
  });

  it('keeps introspection from partners', async () => {
    const partner = await stack.query('{ __schema { queryType { name } } }', {}, bearer(stack.token('partner')));
    expect([partner.status, partner.body.errors?.[0].extensions?.code]).toEqual([403, 'INTROSPECTION_DISABLED']);
    const analyst = await stack.query('{ __schema { queryType { name } } }', {}, bearer(stack.token('analyst')));
    expect(analyst.body.data.__schema.queryType.name).toBe('Query');
  });

  it('answers 429 with Retry-After when a caller has used its budget', async () => {
    const token = stack.token('analyst', { sub: 'hasty' });
    let last: Response | null = null;
    for (let i = 0; i < 41; i++) {
      last = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ query: '{ __typename }' }) });
      if (last.status === 429) {
        break;
      }
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await last!.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
