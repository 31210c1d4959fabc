-- The lead list's search (`q`) on a narrow table. Until now the trigram index was on leads.search_text:
-- a match found by a trigram index is only a candidate and is rechecked against the row, and for a term
-- with many matches the exact `total` re-read every candidate from the wide `leads` heap (the document is
-- most of a row). lead_search holds only what a search, its page order, its status filter and its count
-- need (about a sixth of the heap), so counting 100,000 matches reads a few thousand small pages.
--
-- Safe on a database that already has leads: the table is filled from leads below, in this migration's
-- transaction (writes to leads wait for it; at 1,000,000 leads it takes about a minute), and from then on
-- a trigger keeps each row in the transaction that writes its lead, so the two never disagree.
CREATE TABLE lead_search (
  id text PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  status text NOT NULL,
  -- The same lower-cased text as leads.search_text (written by the application: name, email, phone,
  -- company and notes joined by U+001F).
  search_text text NOT NULL
);

CREATE FUNCTION lead_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lead_search (id, created_at, status, search_text)
    VALUES (NEW.id, NEW.created_at, NEW.status, NEW.search_text)
    ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, status = EXCLUDED.status,
      search_text = EXCLUDED.search_text;
  RETURN NULL;
END;
$$;

-- Taken before the copy below: from here on no lead is written without its row (CREATE TRIGGER locks
-- leads against writes until this transaction commits). A delete is the foreign key's cascade.
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION lead_search_sync();
-- Most updates keep the three columns as they were: those do not touch lead_search at all.
CREATE TRIGGER leads_search_update AFTER UPDATE OF created_at, status, search_text ON leads
  FOR EACH ROW WHEN ((OLD.created_at, OLD.status, OLD.search_text) IS DISTINCT FROM
    (NEW.created_at, NEW.status, NEW.search_text))
  EXECUTE FUNCTION lead_search_sync();

-- The backfill, ordered so that the table is laid out by creation time as new rows will be.
INSERT INTO lead_search (id, created_at, status, search_text)
  SELECT id, created_at, status, search_text FROM leads ORDER BY created_at, id;

-- Candidates for any q of three characters or more (LIKE '%q%'), and the page order (newest first):
-- a term matching many leads finds its first page by walking this index and stops after one page.
CREATE INDEX lead_search_trgm_idx ON lead_search USING gin (search_text gin_trgm_ops);
CREATE INDEX lead_search_created_idx ON lead_search (created_at, id);
ANALYZE lead_search;

-- Nothing reads leads.search_text through an index any more: one index less to write on every change.
-- Last, because it locks leads against reads until this transaction commits.
DROP INDEX leads_search_trgm_idx;
