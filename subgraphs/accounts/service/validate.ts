import { InputError } from '../../../common/errors';

export { expectedVersion, text } from '../../../common/validate';

/*
 * Checks of the account workflow's commands, in the service so that the demo seed is held to the
 * same rules as the API. Field names are the GraphQL input paths.
 */

const OPAQUE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ENTITY_ID = /^ofac-(sdn|cons):\d+$/;
/**
 * A case id of the cases subgraph: `case-<uuid>` from the API, `demo-case-…` in the demo data.
 * Checked for form only: subgraphs never read each other's databases; the id is recorded and the
 * graph joins by it.
 */
const CASE_ID = /^(demo-)?case-[A-Za-z0-9._:-]{1,120}$/;

export function accountId(value: string | null | undefined, field = 'input.accountId'): string {
  const v = value?.trim() ?? '';
  if (!OPAQUE_ID.test(v)) {
    throw new InputError(field, 'must be 1 to 128 letters, digits, dots, dashes, underscores or colons');
  }
  return v;
}

export function partyId(value: string | null | undefined, field = 'input.partyId'): string {
  const v = value?.trim() ?? '';
  if (!ENTITY_ID.test(v)) {
    throw new InputError(field, 'must look like ofac-sdn:<ent_num> or ofac-cons:<ent_num>');
  }
  return v;
}

export function caseId(value: string | null | undefined, field = 'input.caseId'): string {
  const v = value?.trim() ?? '';
  if (!CASE_ID.test(v)) {
    throw new InputError(field, 'must be a case id of the cases subgraph (case-<uuid>)');
  }
  return v;
}

/** A screening score, 0 to 100, kept to two decimals as the column stores it. */
export function score(value: number | null | undefined, field = 'input.score'): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new InputError(field, 'must be a number from 0 to 100');
  }
  return value.toFixed(2);
}
