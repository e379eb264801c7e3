import DataLoader from 'dataloader';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { BaseRequestContext } from '../request-context';
import type { AuditActor, AuditLog, Queryable } from './audit-log';

/**
 * The audit actor of a GraphQL request: the principal as the gateway gave it ("anonymous"
 * without one), and the client address when the request context carries one (a later change to
 * the request context may add `clientAddress`), else the channel, "graphql".
 */
export function requestActor(base: BaseRequestContext): AuditActor {
  const address = (base as { clientAddress?: unknown }).clientAddress;
  return {
    principal: base.principal ?? 'anonymous',
    origin: typeof address === 'string' && address.length > 0 ? address : 'graphql',
    requestId: base.requestId,
  };
}

/** A read of personal data fields of one subject. */
export interface PersonalDataRead {
  readonly subjectId: string;
  readonly fields: readonly string[];
}

/**
 * Audits reads of personal data, batched: every read asked for in one tick of a request (all the
 * holders of a list of accounts, however many) becomes ONE audit record listing the ids and the
 * union of the fields, written with one statement. A resolver awaits its read before returning
 * the data, so personal data is never answered when its audit record could not be written.
 */
export function createReadAuditLoader(q: Queryable, audit: AuditLog, actor: AuditActor, operation: string): DataLoader<PersonalDataRead, true, string> {
  return new DataLoader<PersonalDataRead, true, string>(
    async reads => {
      if (audit.enabled) {
        const ids = [...new Set(reads.map(r => r.subjectId))].sort();
        const fields = [...new Set(reads.flatMap(r => r.fields))].sort();
        await audit.append(q, actor, { operation, subjectIds: ids, fields });
      }
      return reads.map(() => true as const);
    },
    { cacheKeyFn: r => `${r.subjectId}\u0000${[...r.fields].sort().join(',')}` },
  );
}

/**
 * The names of the fields selected under the field being resolved (through fragments too),
 * prefixed with `prefix.`; `__typename` is no data and left out.
 */
export function selectedFields(info: GraphQLResolveInfo, prefix: string): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field') {
        if (s.name.value !== '__typename') {
          names.add(`${prefix}.${s.name.value}`);
        }
      } else if (s.kind === 'InlineFragment') {
        visit(s.selectionSet);
      } else {
        visit(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) {
    visit(node.selectionSet);
  }
  return [...names].sort();
}
