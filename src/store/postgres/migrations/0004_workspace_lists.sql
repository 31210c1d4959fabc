-- The staff workspace's lists (issue 15). Never edit once applied (add the next file instead).

-- The lead list sorted by name or company: these come from the document, so without an index every sorted
-- page would parse every lead's JSON. The expressions are exactly lead.repository.pg.ts's ORDER BY ones.
CREATE INDEX leads_name_sort_idx ON leads ((lower(doc->>'name') COLLATE "C"));
CREATE INDEX leads_company_sort_idx ON leads ((lower(doc->>'company') COLLATE "C"));

-- The inbox's search in transcripts (a substring, lower-cased, as the lead search): a trigram index finds
-- the messages holding any q of three characters or more without reading every message.
CREATE INDEX conversation_messages_text_trgm_idx ON conversation_messages USING gin (lower(text) gin_trgm_ops);
