import { registerEnumType } from 'type-graphql';

/** Where a case stands in the workflow (see service/workflow.ts for the legal transitions). */
export enum CaseStatus {
  OPEN = 'OPEN',
  UNDER_REVIEW = 'UNDER_REVIEW',
  ACTION_TAKEN = 'ACTION_TAKEN',
  REFERRED = 'REFERRED',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description:
    'Where a case stands. It moves forward OPEN → UNDER_REVIEW → ACTION_TAKEN → REFERRED → CLOSED, and may be closed from any open state; nothing leaves CLOSED.',
  valuesConfig: {
    OPEN: { description: 'Opened, not yet reviewed.' },
    UNDER_REVIEW: { description: 'An investigator is reviewing the subjects and the evidence.' },
    ACTION_TAKEN: { description: 'Measures were taken (accounts frozen, funds seized).' },
    REFERRED: { description: 'Handed over to an authority (law enforcement, regulator).' },
    CLOSED: { description: 'Finished: no subject, action or status change can be added any more.' },
  },
});

/** What a timeline event records. */
export enum TimelineEventKind {
  OPENED = 'OPENED',
  SUBJECT_ADDED = 'SUBJECT_ADDED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  FREEZE_RECORDED = 'FREEZE_RECORDED',
  SEIZURE_RECORDED = 'SEIZURE_RECORDED',
  LEGAL_PROCESS_RECORDED = 'LEGAL_PROCESS_RECORDED',
  NOTE_ADDED = 'NOTE_ADDED',
  ASSIGNED = 'ASSIGNED',
}
registerEnumType(TimelineEventKind, {
  name: 'TimelineEventKind',
  description: 'The kind of change a timeline event records.',
  valuesConfig: {
    OPENED: { description: 'The case was opened.' },
    SUBJECT_ADDED: { description: 'A party, account or address became a subject of the case.' },
    STATUS_CHANGED: { description: 'The case moved to another status.' },
    FREEZE_RECORDED: { description: 'A freeze of an account was recorded.' },
    SEIZURE_RECORDED: { description: 'A seizure of funds was recorded.' },
    LEGAL_PROCESS_RECORDED: { description: 'A warrant, subpoena or order was recorded.' },
    NOTE_ADDED: { description: 'A note was added.' },
    ASSIGNED: { description: 'The case was assigned to someone else (or unassigned).' },
  },
});

/** The kinds of legal process a case records. */
export enum LegalProcessKind {
  WARRANT = 'WARRANT',
  SUBPOENA = 'SUBPOENA',
  SEIZURE_ORDER = 'SEIZURE_ORDER',
  FREEZE_ORDER = 'FREEZE_ORDER',
  COURT_ORDER = 'COURT_ORDER',
  OTHER = 'OTHER',
}
registerEnumType(LegalProcessKind, {
  name: 'LegalProcessKind',
  description: 'The kind of a legal process record.',
  valuesConfig: {
    WARRANT: { description: 'A search or seizure warrant.' },
    SUBPOENA: { description: 'A subpoena for records or testimony.' },
    SEIZURE_ORDER: { description: 'An order to seize or forfeit funds.' },
    FREEZE_ORDER: { description: 'An order (or designation) to block funds.' },
    COURT_ORDER: { description: 'Another court order.' },
    OTHER: { description: 'Any other legal process; the reference says which.' },
  },
});

/** The kinds of subject, as stored in case_subject.kind (not a GraphQL enum: the type says it). */
export type SubjectKind = 'PARTY' | 'ACCOUNT' | 'ADDRESS';

/** The kinds of action, as stored in case_action.kind (the GraphQL type says it). */
export type ActionKind = 'FREEZE' | 'SEIZURE';
