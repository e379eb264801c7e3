import { InputError } from './errors';

/** Trims a text field; checks it is present when required and not longer than `max`. */
export function text(value: string | null | undefined, field: string, max: number, required: true): string;
export function text(value: string | null | undefined, field: string, max: number, required?: false): string | null;
export function text(value: string | null | undefined, field: string, max: number, required = false): string | null {
  const v = value?.trim() ?? '';
  if (v.length === 0) {
    if (required) {
      throw new InputError(field, 'must not be empty');
    }
    return null;
  }
  if (v.length > max) {
    throw new InputError(field, `must have at most ${max} characters`);
  }
  return v;
}

/** `expectedVersion` of an optimistic-concurrency check: absent, or a positive integer. */
export function expectedVersion(value: number | null | undefined, field = 'input.expectedVersion'): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(field, 'must be a positive integer (a version you read)');
  }
  return value;
}
