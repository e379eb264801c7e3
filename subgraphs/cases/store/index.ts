import { CaseActionRecord } from './case-action.record';
import { CaseEventRecord } from './case-event.record';
import { CaseLegalProcessRecord } from './case-legal-process.record';
import { CaseNoteRecord } from './case-note.record';
import { CaseSubjectRecord } from './case-subject.record';
import { CaseRecord } from './case.record';

export * from './case-action.record';
export * from './case-event.record';
export * from './case-legal-process.record';
export * from './case-note.record';
export * from './case-subject.record';
export * from './case.record';

/** Every table of the cases subgraph, listed explicitly for the data source. */
export const CASES_RECORDS = [CaseRecord, CaseSubjectRecord, CaseActionRecord, CaseEventRecord, CaseLegalProcessRecord, CaseNoteRecord];

/** Table names, children first (for TRUNCATE and DROP). */
export const CASES_TABLES = ['case_note', 'case_legal_process', 'case_event', 'case_action', 'case_subject', 'investigation_case'];
