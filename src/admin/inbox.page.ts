/**
 * The inbox page (GET /admin/conversations, through the admin router's `pages` flavour): every conversation,
 * newest activity first, searchable and paged, each linking to its lead if any, with the selected
 * conversation's transcript beside the list (stacked on a phone). Reads the same ConversationInbox as
 * GET /conversations, and the transcript from the log store.
 */
import { Router } from 'express';
import { CLIENT_ID_RE } from '../chat/client-id.schema.js';
import type { Logger } from '../infra/logger.js';
import type { ConversationInbox } from '../store/conversation-inbox.repository.js';
import type { ConversationLogRepository } from '../store/conversation-log.repository.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { queryString, type PageRenderer } from './admin-page.render.js';
import { parseTranscript } from './admin-page.view.js';
import { pageLinks } from './list-paging.js';

const INBOX_PAGE_SIZE = 25;

export interface InboxPageDeps {
  pages: PageRenderer;
  inbox: ConversationInbox;
  logs: ConversationLogRepository;
  logger: Logger;
}

export function inboxPageRoutes(deps: InboxPageDeps): Router {
  const { pages, inbox, logs } = deps;
  const router = Router();

  router.get('/conversations', async (req, res) => {
    const q = (queryString(req, 'q') ?? '').trim().slice(0, 200);
    const offset = Math.max(0, Math.floor(Number(queryString(req, 'offset') ?? 0)) || 0);
    const { conversations, total } = await inbox.list({ q: q || undefined, limit: INBOX_PAGE_SIZE, offset });
    const asked = queryString(req, 'c');
    // The conversation shown: the one asked for (any, even off this page), else the newest on the page.
    const selectedId = asked && CLIENT_ID_RE.test(asked) ? asked : conversations[0]?.client_id;
    const urlOf = (params: { offset?: number; c?: string }) => {
      const p = new URLSearchParams();
      if (q) p.set('q', q);
      if (params.offset) p.set('offset', String(params.offset));
      if (params.c) p.set('c', params.c);
      const s = p.toString();
      return s ? `/admin/conversations?${s}` : '/admin/conversations';
    };
    const selected = selectedId
      ? {
          clientId: selectedId,
          summary: conversations.find((c) => c.client_id === selectedId),
          lines: parseTranscript(await logs.readForClient(selectedId)),
        }
      : undefined;
    pages.render(res, 'inbox', 200, {
      title: 'Inbox',
      nav: 'inbox',
      q,
      total,
      offset,
      conversations,
      selected,
      openUrl: (clientId: string) => `${urlOf({ offset, c: clientId })}#transcript`,
      pager: pageLinks({ total, offset, limit: INBOX_PAGE_SIZE, urlOf: (o) => urlOf({ offset: o }) }),
    });
  });

  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
