import { canonicalJson } from './canonical';
import { recordContent, recordHash, GENESIS_HASH } from './audit-log';

describe('canonicalJson', () => {
  it('sorts keys, drops undefined, keeps arrays in order, writes dates as ISO strings', () => {
    expect(canonicalJson({ b: 1, a: [3, 'x', null, undefined], c: undefined, d: { z: true, y: new Date('2023-05-23T00:00:00Z') } })).toBe(
      '{"a":[3,"x",null,null],"b":1,"d":{"y":"2023-05-23T00:00:00.000Z","z":true}}',
    );
    expect(canonicalJson('é"\n')).toBe('"é\\"\\n"');
  });

  it('refuses what JSON cannot say exactly', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });

  it('hashes a record over its sequence number, the previous hash and its content', () => {
    const content = recordContent({
      at: new Date('2024-01-01T00:00:00.000Z'),
      principal: 'alice',
      operation: 'freezeAccount',
      subjectIds: ['acct-1'],
      fields: ['status'],
      origin: 'graphql',
      requestId: 'r-1',
      detail: null,
    });
    expect(content).toBe(
      '{"at":"2024-01-01T00:00:00.000Z","detail":null,"fields":["status"],"operation":"freezeAccount","origin":"graphql","principal":"alice","requestId":"r-1","subjectIds":["acct-1"]}',
    );
    expect(recordHash('1', GENESIS_HASH, content)).toMatch(/^[0-9a-f]{64}$/);
    expect(recordHash('2', GENESIS_HASH, content)).not.toBe(recordHash('1', GENESIS_HASH, content));
  });
});
