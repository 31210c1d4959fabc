/**
 * The inbox over the embedded engine: the log files (chat/conversation-log.store.ts) and the lead store.
 * Listing stats every log (the folder's names and times: newest activity first), then reads only the logs
 * of the page shown (their message count, first and last lines). A search matches the conversation id,
 * the leads' search text (the lead store's in-memory index), then the transcripts left unmatched, read one
 * by one: linear in the logs' size, which one instance's folder keeps modest (docs/api-notes.md).
 */
import type { ConversationLogStore } from '../../chat/conversation-log.store.js';
import type { LogFileInfo } from '../conversation-log.repository.js';
import {
  displayNameOf,
  previewOf,
  type ConversationInbox,
  type ConversationQuery,
  type ConversationSummary,
} from '../conversation-inbox.repository.js';
import type { LeadRepository } from '../lead.repository.js';

export class EmbeddedConversationInbox implements ConversationInbox {
  constructor(
    private readonly logs: ConversationLogStore,
    private readonly leads: LeadRepository,
  ) {}

  async list({
    q,
    limit,
    offset,
  }: ConversationQuery): Promise<{ conversations: ConversationSummary[]; total: number }> {
    const all = await this.logs.list();
    const needle = q?.trim().toLowerCase();
    const matching = needle ? await this.search(all, needle) : all;
    const page = matching.slice(offset, offset + limit);
    const conversations = await Promise.all(page.map((info) => this.summaryOf(info)));
    return {
      conversations: conversations.filter((c): c is ConversationSummary => c !== undefined),
      total: matching.length,
    };
  }

  private async search(all: LogFileInfo[], needle: string): Promise<LogFileInfo[]> {
    const ofLeads = new Set(await this.leads.clientIdsMatching(needle));
    const found: LogFileInfo[] = [];
    for (const info of all) {
      if (
        info.client_id.toLowerCase().includes(needle) ||
        ofLeads.has(info.client_id) ||
        (await this.logs.contains(info.client_id, needle))
      )
        found.push(info);
    }
    return found;
  }

  private async summaryOf(info: LogFileInfo): Promise<ConversationSummary | undefined> {
    const [summary, lead] = await Promise.all([
      this.logs.summaryOf(info.client_id),
      this.leads.findByClientId(info.client_id),
    ]);
    if (!summary) return undefined; // erased meanwhile
    return {
      client_id: info.client_id,
      lead_id: lead?.id ?? null,
      name: lead ? displayNameOf(lead) : null,
      messages: summary.messages,
      started_at: summary.started_at || info.modified,
      last_message_at: summary.last_message_at || info.modified,
      preview: previewOf(summary.last_visitor_text),
    };
  }
}
