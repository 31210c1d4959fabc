/**
 * Lead events from the storage side: a LeadRepository that tells the event sink of every write that
 * landed, with the lead as it was before (undefined for a new lead) and as stored after. The lead service
 * then carries no event code at all, and no write path can forget to tell: a chat capture, a form, the API,
 * a meeting, a race retried after a conflict (only the attempt that landed is told). The sink decides what
 * is news (lead-events.ts: a turn that changed nothing staff would see sends nothing).
 */
import type { LeadRecord } from '../leads/lead.types.js';
import { settleEach, type LeadEdit, type LeadRepository } from '../store/lead.repository.js';
import type { LeadEventSink } from './lead-events.js';

export function observeLeadWrites(repo: LeadRepository, sink: LeadEventSink): LeadRepository {
  return {
    get: (id) => repo.get(id),
    findByClientId: (clientId) => repo.findByClientId(clientId),
    findByEmail: (email) => repo.findByEmail(email),
    findByPhone: (phone) => repo.findByPhone(phone),
    list: (query) => repo.list(query),
    countByStatus: (q) => repo.countByStatus(q),
    clientIdsMatching: (q) => repo.clientIdsMatching(q),
    scan: (filter) => repo.scan(filter),
    fieldLabels: (filter) => repo.fieldLabels(filter),
    tally: (bounds) => repo.tally(bounds),
    firstCreatedAt: () => repo.firstCreatedAt(),
    remove: (id) => repo.remove(id),
    // The service puts new leads only (changes go through update).
    async put(record) {
      await repo.put(record);
      sink.leadWritten(undefined, structuredClone(record));
    },
    async update(id: string, edit: LeadEdit) {
      let before: LeadRecord | undefined;
      const stored = await repo.update(id, (current) => {
        const snapshot = structuredClone(current); // edits change `current` in place
        const next = edit(current);
        before = next ? snapshot : undefined;
        return next;
      });
      if (before) sink.leadWritten(before, stored);
      return stored;
    },
    // Each lead through update above, so that every write that landed is told.
    updateMany(edits) {
      return settleEach(edits, (id, edit) => this.update(id, edit));
    },
  };
}
