import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { accessRulesFromSdl, satisfies } from '../../common/identity/access';
import { ROLE_NAMES, ROLES, type RoleName } from '../../common/identity/roles';
import { signIdentity } from '../../common/identity/signed-header';
import { createApiKey, normalizedDocumentHash, revokeApiKey, safelistEntry } from '../../gateway/auth/api-keys';
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

/** A raw POST to the gateway: operationName and extensions (APQ) as the caller sends them. */
async function post(body: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] } };
}

describe('partner safelist pinned by text', () => {
  const PARTY = 'query Party($id: ID!) { sanctionedEntity(id: $id) { name programs } }';
  const vars = { id: 'ofac-sdn:43377' };

  it('runs a listed operation sent as agreed (in any layout), and refuses an altered text, an unlisted name and an anonymous operation before any subgraph is called', async () => {
    const entry = safelistEntry(PARTY);
    expect(entry).toEqual({ name: 'Party', sha256: normalizedDocumentHash(PARTY) });
    const { key } = createApiKey(stack.auth.apiKeysPath, { name: 'pinned-partner', role: 'partner', scopes: [], operations: [entry] });
    // The key file holds the pin, as documented.
    const stored = JSON.parse(readFileSync(stack.auth.apiKeysPath, 'utf8')).keys.find((k: { name: string }) => k.name === 'pinned-partner');
    expect(stored.operations).toEqual([{ name: 'Party', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const h = { 'x-api-key': key };
    const expected = { data: { sanctionedEntity: { name: 'KIM, Sang Man', programs: ['DPRK4'] } } };
    expect((await stack.query(PARTY, vars, h)).body).toEqual(expected);
    // Comments, line breaks and commas do not change the normalized document.
    const relaid = '# as agreed with the partner\nquery Party($id: ID!) {\n  sanctionedEntity(id: $id) {\n    name,\n    programs\n  }\n}\n';
    expect((await stack.query(relaid, vars, h)).body).toEqual(expected);

    stack.resetCounters();
    const altered = 'query Party($id: ID!) { sanctionedEntity(id: $id) { name programs accounts { id exchange } } }';
    const a = await stack.query(altered, vars, h);
    expect([a.status, a.body.errors?.[0].extensions]).toEqual([403, { code: 'OPERATION_NOT_ALLOWED', reason: 'OPERATION_TEXT_NOT_LISTED', operationName: 'Party', sha256: normalizedDocumentHash(altered) }]);
    expect(a.body.data).toBeUndefined();
    // The listed operation with another one beside it is another document.
    const bundled = await post({ query: `${PARTY} query Other { sanctionedEntity(id: "ofac-sdn:43377") { accounts { id } } }`, operationName: 'Party', variables: vars }, h);
    expect([bundled.status, bundled.body.errors?.[0].extensions?.reason]).toEqual([403, 'OPERATION_TEXT_NOT_LISTED']);
    const unlisted = await stack.query('query Other($id: ID!) { sanctionedEntity(id: $id) { name programs } }', vars, h);
    expect([unlisted.status, unlisted.body.errors?.[0].extensions]).toEqual([403, { code: 'OPERATION_NOT_ALLOWED', reason: 'OPERATION_NOT_LISTED', operationName: 'Other' }]);
    const anonymous = await stack.query('{ sanctionedEntity(id: "ofac-sdn:43377") { name programs } }', {}, h);
    expect([anonymous.status, anonymous.body.errors?.[0].extensions?.reason]).toEqual([403, 'OPERATION_NOT_LISTED']);
    expect(stack.fetches).toEqual({});
  });

  it('admits every version listed under one name, and only those', async () => {
    const v2 = 'query Party($id: ID!) { sanctionedEntity(id: $id) { name programs listed } }';
    const { key } = createApiKey(stack.auth.apiKeysPath, { name: 'versioned-partner', role: 'partner', scopes: [], operations: [safelistEntry(PARTY), safelistEntry(v2)] });
    const h = { 'x-api-key': key };
    expect((await stack.query(PARTY, vars, h)).status).toBe(200);
    expect((await stack.query(v2, vars, h)).body.data.sanctionedEntity.listed).toBe(true);
    const v3 = await stack.query('query Party($id: ID!) { sanctionedEntity(id: $id) { name } }', vars, h);
    expect([v3.status, v3.body.errors?.[0].extensions?.reason]).toEqual([403, 'OPERATION_TEXT_NOT_LISTED']);
  });

  it('refuses to make a key with a malformed pin', () => {
    expect(() => createApiKey(stack.auth.apiKeysPath, { name: 'bad', role: 'partner', scopes: [], operations: [{ name: 'Party', sha256: 'abc' }] })).toThrow(/not a safelist entry/);
    expect(() => safelistEntry('{ __typename }')).toThrow(/named operation/);
  });
});

describe('automatic persisted queries (APQ)', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const apq = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });

  it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, stores the query sent with its hash, then runs it by the hash alone; a wrong hash is coded', async () => {
    const h = bearer(stack.token('analyst', { sub: 'apq-app' }));
    const q = 'query ApqParty { sanctionedEntity(id: "ofac-sdn:43377") { name } }';
    const miss = await post({ extensions: apq(q) }, h);
    expect(miss.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const stored = await post({ query: q, extensions: apq(q) }, h);
    expect(stored.body).toEqual({ data: { sanctionedEntity: { name: 'KIM, Sang Man' } } });
    stack.resetCounters();
    const hit = await post({ extensions: apq(q) }, h);
    expect(hit.body).toEqual({ data: { sanctionedEntity: { name: 'KIM, Sang Man' } } });
    expect(stack.fetches).toEqual({ entities: 1 });
    const wrong = await post({ query: q, extensions: apq('query Else { __typename }') }, h);
    expect([wrong.status, wrong.body.errors?.[0]]).toEqual([400, { message: 'provided sha does not match query', extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }]);
    // The credential is checked before the cache is: no credential, no answer.
    const anonymous = await post({ extensions: apq(q) }, {});
    expect([anonymous.status, anonymous.body.errors?.[0].extensions?.reason]).toEqual([401, 'CREDENTIAL_MISSING']);
  });

  it('applies the limits, field-level access and the safelist to an operation run by its hash', async () => {
    const analyst = bearer(stack.token('analyst', { sub: 'apq-limits' }));
    // Limits are checked on every run, against that run's variables: cheap when stored, too costly later.
    const paged = 'query ApqCases($n: Int) { cases(first: $n) { edges { node { actions { __typename } subjects { __typename } timeline { __typename } } } } }';
    expect((await post({ query: paged, variables: { n: 1 }, extensions: apq(paged) }, analyst)).status).toBe(200);
    stack.resetCounters();
    const costly = await post({ variables: { n: 100 }, extensions: apq(paged) }, analyst);
    expect([costly.status, costly.body.errors?.[0].extensions?.code]).toEqual([400, 'OPERATION_TOO_COSTLY']);
    // An operation over a limit is refused when registered, and not stored.
    const deep = 'query ApqDeep { sanctionedEntity(id: "x") { accounts { linkedEntities { accounts { linkedEntities { accounts { linkedEntities { accounts { id } } } } } } } } }';
    expect((await post({ query: deep, extensions: apq(deep) }, analyst)).body.errors?.[0].extensions?.code).toBe('OPERATION_TOO_DEEP');
    expect((await post({ extensions: apq(deep) }, analyst)).body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack.fetches).toEqual({});

    // A partner cannot run by hash what its safelist does not list, even once someone else stored it.
    const listed = 'query ApqListed { sanctionedEntity(id: "ofac-sdn:43377") { name accounts { id holder { name } } } }';
    const other = 'query ApqOther { sanctionedEntity(id: "ofac-sdn:43377") { name accounts { id exchange } } }';
    for (const q of [listed, other]) {
      expect((await post({ query: q, extensions: apq(q) }, analyst)).status).toBe(200);
    }
    const { key } = createApiKey(stack.auth.apiKeysPath, { name: 'apq-partner', role: 'partner', scopes: [], operations: [safelistEntry(listed)] });
    stack.resetCounters();
    const refused = await post({ extensions: apq(other) }, { 'x-api-key': key });
    expect([refused.status, refused.body.errors?.[0].extensions?.code, refused.body.errors?.[0].extensions?.reason]).toEqual([403, 'OPERATION_NOT_ALLOWED', 'OPERATION_NOT_LISTED']);
    expect(stack.fetches).toEqual({});
    // Its listed operation runs by hash, with the fields it may not see withheld as ever.
    const ok = await post({ extensions: apq(listed) }, { 'x-api-key': key });
    expect(ok.status).toBe(200);
    expect(ok.body.data.sanctionedEntity.accounts.every((a: { holder: unknown }) => a.holder === null)).toBe(true);
    expect(ok.body.errors?.map(e => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
