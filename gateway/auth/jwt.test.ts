import { generateKeyPairSync, sign } from 'node:crypto';
import { publicKeysFromJwks, signHs256, verifyJwt } from './jwt';

const now = Math.floor(Date.now() / 1000);
const claims = { sub: 'app-1', role: 'analyst', iss: 'idp', aud: 'compliance-graph', exp: now + 60 };
const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function signAsym(alg: 'RS256' | 'ES256', kid: string, privateKey: Parameters<typeof sign>[2], body: Record<string, unknown>): string {
  const input = `${enc({ alg, kid, typ: 'JWT' })}.${enc(body)}`;
  const sig = sign('sha256', Buffer.from(input), alg === 'ES256' ? { key: privateKey as never, dsaEncoding: 'ieee-p1363' } : privateKey);
  return `${input}.${sig.toString('base64url')}`;
}

describe('verifyJwt', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeys = publicKeysFromJwks({
    keys: [
      { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r1', alg: 'RS256' },
      { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1', alg: 'ES256' },
    ],
  });
  const opts = { hs256Secret: 's'.repeat(32), publicKeys, issuer: 'idp', audience: 'compliance-graph' };

  it('accepts HS256, RS256 and ES256 tokens signed with the configured keys', () => {
    expect(verifyJwt(signHs256(claims, opts.hs256Secret), opts)).toMatchObject({ ok: true, claims: { sub: 'app-1' } });
    expect(verifyJwt(signAsym('RS256', 'r1', rsa.privateKey, claims), opts)).toMatchObject({ ok: true });
    expect(verifyJwt(signAsym('ES256', 'e1', ec.privateKey, claims), opts)).toMatchObject({ ok: true });
  });

  it('refuses each failure with its reason', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyJwt(signAsym('ES256', 'e1', other.privateKey, claims), opts)).toEqual({ ok: false, reason: 'TOKEN_BAD_SIGNATURE' });
    expect(verifyJwt(signAsym('ES256', 'nope', ec.privateKey, claims), opts)).toEqual({ ok: false, reason: 'TOKEN_UNKNOWN_KEY' });
    expect(verifyJwt(signAsym('RS256', 'e1', rsa.privateKey, claims), opts)).toEqual({ ok: false, reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' });
    expect(verifyJwt(`${enc({ alg: 'none' })}.${enc(claims)}.`, opts)).toEqual({ ok: false, reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' });
    expect(verifyJwt(signHs256({ ...claims, exp: now - 3600 }, opts.hs256Secret), opts)).toEqual({ ok: false, reason: 'TOKEN_EXPIRED' });
    expect(verifyJwt(signHs256({ ...claims, nbf: now + 3600 }, opts.hs256Secret), opts)).toEqual({ ok: false, reason: 'TOKEN_NOT_YET_VALID' });
    expect(verifyJwt(signHs256({ ...claims, aud: ['x', 'y'] }, opts.hs256Secret), opts)).toEqual({ ok: false, reason: 'TOKEN_WRONG_AUDIENCE' });
    expect(verifyJwt(signHs256({ ...claims, iss: 'evil' }, opts.hs256Secret), opts)).toEqual({ ok: false, reason: 'TOKEN_WRONG_ISSUER' });
    expect(verifyJwt('a.b', opts)).toEqual({ ok: false, reason: 'TOKEN_MALFORMED' });
  });
});
