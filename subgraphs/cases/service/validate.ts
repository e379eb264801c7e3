import { Chain, displayAddress, normalizeAddress } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import { parseDecimal } from '../../../common/scalars';
import type { SubjectKind } from '../types/enums';

export { expectedVersion, text } from '../../../common/validate';

/*
 * Checks of the workflow's commands. They run in the service, not in the resolvers, so that the
 * demo seed (which calls the service directly) is held to the same rules. Field names are the
 * GraphQL input paths, so that a client can point at the offending field.
 */

const ENTITY_ID = /^ofac-(sdn|cons):\d+$/;
/** Ids coming from other subgraphs or chosen by the seed: printable, no spaces, bounded. */
const OPAQUE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ASSET = /^[A-Za-z0-9.-]{1,20}$/;
const TX_HASH = /^[A-Za-z0-9]{8,128}$/;
const CHAINS = new Set<string>(Object.values(Chain));

/** A subject as the API and the seed give it: exactly one of the three. */
export interface SubjectSpec {
  readonly entityId?: string | null;
  readonly accountId?: string | null;
  readonly address?: { readonly chain: Chain; readonly address: string } | null;
}

/** A checked subject, in the form it is stored and looked up by. */
export interface CheckedSubject {
  readonly kind: SubjectKind;
  /** Party id, account id, or `CHAIN:normalized-address`. */
  readonly key: string;
  readonly chain: Chain | null;
  readonly address: string | null;
  /** How the timeline names it. */
  readonly label: string;
}

/** The subject key of an address: chain and normalized address. */
export function addressKey(chain: Chain, normalized: string): string {
  return `${chain}:${normalized}`;
}

/** An id of this or another subgraph. */
export function opaqueId(value: string | null | undefined, field: string): string {
  const v = value?.trim() ?? '';
  if (!OPAQUE_ID.test(v)) {
    throw new InputError(field, 'must be 1 to 128 letters, digits, dots, dashes, underscores or colons');
  }
  return v;
}

export function subject(spec: SubjectSpec | null | undefined, field: string): CheckedSubject {
  const given = [spec?.entityId, spec?.accountId, spec?.address].filter(v => v !== null && v !== undefined).length;
  if (!spec || given !== 1) {
    throw new InputError(field, 'give exactly one of entityId, accountId and address');
  }
  if (spec.entityId !== null && spec.entityId !== undefined) {
    const id = spec.entityId.trim();
    if (!ENTITY_ID.test(id)) {
      throw new InputError(`${field}.entityId`, 'must look like ofac-sdn:<ent_num> or ofac-cons:<ent_num>');
    }
    return { kind: 'PARTY', key: id, chain: null, address: null, label: `sanctioned party ${id}` };
  }
  if (spec.accountId !== null && spec.accountId !== undefined) {
    const id = opaqueId(spec.accountId, `${field}.accountId`);
    return { kind: 'ACCOUNT', key: id, chain: null, address: null, label: `account ${id}` };
  }
  const a = spec.address!;
  if (!CHAINS.has(a.chain)) {
    throw new InputError(`${field}.address.chain`, 'is not a known chain');
  }
  const checked = normalizeAddress(a.chain, a.address);
  if (!checked.ok) {
    throw new InputError(`${field}.address.address`, checked.reason);
  }
  return {
    kind: 'ADDRESS',
    key: addressKey(a.chain, checked.address),
    chain: a.chain,
    address: checked.address,
    label: `${a.chain} address ${displayAddress(a.chain, checked.address)}`,
  };
}

/** A decimal string; `positive` demands more than zero, else zero or more. */
export function amount(value: string | null | undefined, field: string, positive: boolean): string {
  let v: string;
  try {
    v = parseDecimal(value);
  } catch {
    throw new InputError(field, 'must be a decimal number written as a string, such as "4400000.00"');
  }
  const negative = v.startsWith('-');
  const zero = !/[1-9]/.test(v);
  if (positive ? negative || zero : negative && !zero) {
    throw new InputError(field, positive ? 'must be greater than zero' : 'must not be negative');
  }
  return negative && zero ? v.slice(1) : v;
}

export function asset(value: string | null | undefined, field: string): string {
  const v = value?.trim() ?? '';
  if (!ASSET.test(v)) {
    throw new InputError(field, 'must be an asset code of 1 to 20 letters, digits, dots or dashes (e.g. USDT)');
  }
  return v.toUpperCase();
}

export function txHash(value: string | null | undefined, field: string): string | null {
  const v = value?.trim() ?? '';
  if (v.length === 0) {
    return null;
  }
  if (!TX_HASH.test(v)) {
    throw new InputError(field, 'must be a transaction hash of 8 to 128 letters and digits');
  }
  return v;
}

/** A calendar date YYYY-MM-DD; null when absent and not required. */
export function date(value: string | null | undefined, field: string, required: true): string;
export function date(value: string | null | undefined, field: string, required?: false): string | null;
export function date(value: string | null | undefined, field: string, required = false): string | null {
  const v = value?.trim() ?? '';
  if (v.length === 0) {
    if (required) {
      throw new InputError(field, 'must not be empty');
    }
    return null;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new InputError(field, 'must be a calendar date YYYY-MM-DD');
  }
  return v;
}
