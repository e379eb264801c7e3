/**
 * The supergraph as @apollo/gateway accepts it: it refuses a supergraph whose
 * @authenticated/@requiresScopes links are marked `for: SECURITY`, because it does not enforce
 * them (Apollo keeps that for the Router's enterprise licence). Our gateway enforces them
 * (GuardedGateway), so it gets the links unmarked; so do plain @apollo/gateway in tests and the
 * benchmark. No other change.
 */
export function withoutSecurityPurpose(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+"), for: SECURITY\)/g, '$1)');
}
