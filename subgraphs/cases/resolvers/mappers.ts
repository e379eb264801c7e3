import { Chain, displayAddress, normalizeAddress } from '../../../common/chain';
import { addressKey } from '../service/validate';
import type { CaseActionRecord, CaseEventRecord, CaseLegalProcessRecord, CaseNoteRecord, CaseRecord, CaseSubjectRecord } from '../store';
import { Freeze, Seizure, type CaseAction } from '../types/case-action.type';
import { AccountSubject, AddressSubject, PartySubject, type CaseSubject } from '../types/case-subject.type';
import { Case, CaseNote, LegalProcess, TimelineEvent } from '../types/case.type';
import type { CaseStatus, LegalProcessKind, TimelineEventKind } from '../types/enums';
import { Account, Address, SanctionedEntity } from '../types/references.type';

/*
 * Records (store/) to GraphQL objects (types/). The GraphQL classes are instantiated so that the
 * interfaces' resolveType sees `kind`.
 */

export function toCase(r: CaseRecord): Case {
  return Object.assign(new Case(), {
    id: r.id,
    title: r.title,
    description: r.description,
    status: r.status as CaseStatus,
    assignee: r.assignee,
    openedAt: r.openedAt,
    updatedAt: r.updatedAt,
    version: r.version,
  });
}

export function entityRef(id: string): SanctionedEntity {
  return Object.assign(new SanctionedEntity(), { id });
}

export function accountRef(id: string): Account {
  return Object.assign(new Account(), { id });
}

/** An address we stored (normalized): shown EIP-55 checksummed where the chain has it. */
export function storedAddressRef(chain: Chain, stored: string): Address {
  return Object.assign(new Address(), { chain, address: displayAddress(chain, stored), subjectKey: addressKey(chain, stored) });
}

/**
 * An address another subgraph named. Normalized to find its cases; an invalid one (or an unknown
 * chain) cannot be a subject, so it keeps its text and has no cases, rather than failing the
 * whole `_entities` request.
 */
export function receivedAddressRef(chain: string, address: string): Address {
  if ((Object.values(Chain) as string[]).includes(chain) && typeof address === 'string') {
    const checked = normalizeAddress(chain as Chain, address);
    if (checked.ok) {
      return storedAddressRef(chain as Chain, checked.address);
    }
  }
  return Object.assign(new Address(), { chain: chain as Chain, address, subjectKey: null });
}

export function toSubject(r: CaseSubjectRecord): CaseSubject {
  const base = { addedAt: r.addedAt, addedBy: r.addedBy };
  switch (r.kind) {
    case 'PARTY':
      return Object.assign(new PartySubject(), base, { kind: 'PARTY' as const, entity: entityRef(r.subjectKey) });
    case 'ACCOUNT':
      return Object.assign(new AccountSubject(), base, { kind: 'ACCOUNT' as const, account: accountRef(r.subjectKey) });
    default:
      return Object.assign(new AddressSubject(), base, { kind: 'ADDRESS' as const, address: storedAddressRef(r.chain as Chain, r.address!) });
  }
}

export function toAction(r: CaseActionRecord): CaseAction {
  const base = { id: r.id, recordedAt: r.recordedAt, recordedBy: r.recordedBy, note: r.note };
  if (r.kind === 'FREEZE') {
    return Object.assign(new Freeze(), base, { kind: 'FREEZE' as const, account: accountRef(r.accountId!), legalReference: r.legalReference! });
  }
  return Object.assign(new Seizure(), base, {
    kind: 'SEIZURE' as const,
    amount: r.amount!,
    asset: r.asset!,
    amountUsd: r.amountUsd,
    txHash: r.txHash,
    authority: r.authority!,
  });
}

export function toTimelineEvent(r: CaseEventRecord): TimelineEvent {
  return Object.assign(new TimelineEvent(), { at: r.at, kind: r.kind as TimelineEventKind, summary: r.summary, actor: r.actor });
}

export function toLegalProcess(r: CaseLegalProcessRecord): LegalProcess {
  return Object.assign(new LegalProcess(), {
    id: r.id,
    kind: r.kind as LegalProcessKind,
    reference: r.reference,
    authority: r.authority,
    issuedOn: r.issuedOn,
    expiresOn: r.expiresOn,
    note: r.note,
    recordedAt: r.recordedAt,
    recordedBy: r.recordedBy,
  });
}

export function toNote(r: CaseNoteRecord): CaseNote {
  return Object.assign(new CaseNote(), { text: r.text, writtenAt: r.writtenAt, writtenBy: r.writtenBy });
}
