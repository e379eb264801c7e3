import { CaseStatus } from '../types/enums';

/**
 * The legal moves of a case: one step forward along OPEN → UNDER_REVIEW → ACTION_TAKEN → REFERRED
 * → CLOSED, or straight to CLOSED from any open status. Nothing leaves CLOSED, and no status moves
 * to itself (a no-op would still bump the version and write a misleading timeline line).
 */
const NEXT: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  [CaseStatus.OPEN]: [CaseStatus.UNDER_REVIEW, CaseStatus.CLOSED],
  [CaseStatus.UNDER_REVIEW]: [CaseStatus.ACTION_TAKEN, CaseStatus.CLOSED],
  [CaseStatus.ACTION_TAKEN]: [CaseStatus.REFERRED, CaseStatus.CLOSED],
  [CaseStatus.REFERRED]: [CaseStatus.CLOSED],
  [CaseStatus.CLOSED]: [],
};

/** True when a case may move from `from` to `to`. */
export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a case may move to next. */
export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}
