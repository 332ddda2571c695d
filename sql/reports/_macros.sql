-- Table macros shared by the reports. Not a report: files starting with "_" are loaded as
-- TEMP macros on the report's connection before a report runs, so they work on a read-only
-- warehouse and never change it.

-- Whether a day lies in [date_from, date_to] (inclusive). A NULL bound is open. With no bound
-- at all everything is in, undated rows too; with a bound only dated rows can be: a report
-- asked for a date range answers about dated rows, one asked for no range counts all.
CREATE OR REPLACE TEMP MACRO in_date_range(day, date_from, date_to) AS
    (date_from IS NULL AND date_to IS NULL)
    OR (day IS NOT NULL
        AND (date_from IS NULL OR CAST(day AS DATE) >= CAST(date_from AS DATE))
        AND (date_to IS NULL OR CAST(day AS DATE) <= CAST(date_to AS DATE)));

-- Articles as of run n published in the range (see in_date_range).
CREATE OR REPLACE TEMP MACRO report_articles(n, date_from, date_to) AS TABLE
    SELECT * FROM articles_as_of(n) WHERE in_date_range(published_at, date_from, date_to);

-- Events as of run n whose event_date is in the range (see in_date_range).
CREATE OR REPLACE TEMP MACRO report_events(n, date_from, date_to) AS TABLE
    SELECT * FROM events_as_of(n) WHERE in_date_range(event_date, date_from, date_to);

-- The one entity a report is about, as of run n: its entity_id, else the most-mentioned entity
-- whose name or any alias matches (case-insensitive): "Путин" means the "Владимир Путин" of
-- many mentions rather than a rare entity named just "Путин". With a NULL needle: the
-- most-mentioned entity.
CREATE OR REPLACE TEMP MACRO report_entity(n, needle) AS TABLE
    SELECT *
    FROM entities_as_of(n) e
    WHERE needle IS NULL
       OR e.entity_id = needle
       OR lower(e.name) = lower(needle)
       OR list_contains(list_transform(e.aliases, lambda a: lower(a)), lower(needle))
    ORDER BY coalesce(e.entity_id = needle, false) DESC, e.mention_count DESC, e.entity_id
    LIMIT 1;

-- Event participants as of run n: one row per (event, participant), named by the entity
-- when the argument is linked to one, else by its text.
CREATE OR REPLACE TEMP MACRO report_event_roles(n) AS TABLE
    SELECT DISTINCT ea.event_id, ea.role, ea.entity_id, en.type AS entity_type,
           coalesce(en.name, ea.text) AS name, ea.start
    FROM event_arguments_as_of(n) ea
    LEFT JOIN entities_as_of(n) en USING (entity_id);

-- Each entity's type and name as of run n, as entities_as_of gives them (first registration,
-- merged ids left out) without counting its mentions: for the reports that count for
-- themselves, so an older state is not aggregated twice.
CREATE OR REPLACE TEMP MACRO report_registry(n) AS TABLE
    SELECT entity_id, type, name
    FROM entities_history
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of(n))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1;

-- The ids whose mentions and arguments count for entity `id` as of run n: itself (unless a
-- redirect merged it) and the ids redirected to it. A filter on the stored entity_id, so a
-- report about one entity reads its rows of the history without resolving every row's id.
CREATE OR REPLACE TEMP MACRO report_stored_ids(n, id) AS TABLE
    SELECT id AS entity_id WHERE id NOT IN (SELECT entity_id FROM entity_redirects_as_of(n))
    UNION
    SELECT entity_id FROM entity_redirects_as_of(n) WHERE target_id = id;
