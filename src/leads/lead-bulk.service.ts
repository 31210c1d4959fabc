/**
 * Work on a selection of leads at once (POST /leads/bulk, the list page's checkboxes): a status change or
 * a deletion, lead by lead, each with its own result, so one unknown or refused id does not undo or stop
 * the others. Each lead goes through the same LeadService call as a single edit or delete (its lock, its
 * events, erasing a deleted lead's conversations).
 */
import { isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { BulkInput } from './lead.schemas.js';
import type { LeadService } from './lead.service.js';

export type BulkOutcome = 'updated' | 'unchanged' | 'deleted' | 'not_found' | 'failed';

export interface BulkResult {
  id: string;
  result: BulkOutcome;
  /** Why it failed (the error's message), for `failed` and `not_found`. */
  message?: string;
}

export interface BulkSummary {
  results: BulkResult[];
  /** How many leads had each outcome. */
  counts: Record<BulkOutcome, number>;
}

export async function applyBulk(
  leads: LeadService,
  input: BulkInput,
  actor: { by: string },
  logger?: Logger,
): Promise<BulkSummary> {
  const results: BulkResult[] = [];
  // One after another, in the order given: a deletion erases logs and sessions, an edit takes a lock.
  for (const id of new Set(input.ids)) {
    try {
      if (input.action === 'delete') {
        await leads.deleteLead(id);
        results.push({ id, result: 'deleted' });
        continue;
      }
      const current = await leads.getLead(id);
      if (current.status === input.status) {
        results.push({ id, result: 'unchanged' });
        continue;
      }
      await leads.updateLead(id, { status: input.status }, actor.by);
      results.push({ id, result: 'updated' });
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err; // a bug or an outage: the error handler answers
      results.push({ id, result: err.code === 'not_found' ? 'not_found' : 'failed', message: err.message });
    }
  }
  const counts: Record<BulkOutcome, number> = { updated: 0, unchanged: 0, deleted: 0, not_found: 0, failed: 0 };
  for (const r of results) counts[r.result] += 1;
  logger?.info({ by: actor.by, action: input.action, ...counts }, 'bulk lead change');
  return { results, counts };
}
