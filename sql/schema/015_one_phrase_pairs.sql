-- Two names with nothing but spaces between them, or the second in brackets, are one phrase:
-- "заседание Совбеза ООН", "пленума ЦК КПРФ", "пресс-секретарь Путина Дмитрий Песков",
-- "Паралимпийского комитета России (ПКР)". The second names whom the first belongs to, or the
-- first the body the second is part of; they are no two parties who met. Both stay arguments of
-- the event (NEREL marks such a parent as a participant), but event_pairs_history keeps no pair
-- of them: the load leaves it out from now on (sql/event_facts/one_phrase.sql), and this
-- migration removes those an upgraded warehouse holds, run by run (tasks/warehouse/migrate.py).
-- one_phrase_pairs(n): the event_pairs_history rows run n wrote whose two names stand so in the
-- event's arguments as of run n, as (event_id, entity_a, entity_b).
CREATE OR REPLACE MACRO one_phrase_pairs(n) AS TABLE
    WITH written AS (
        SELECT event_id, article_id, entity_a, entity_b FROM event_pairs_history WHERE valid_from = n
    ), args AS (
        SELECT event_id, article_id, entity_id, start, stop
        FROM event_arguments_as_of(n)
        WHERE entity_id IS NOT NULL AND event_id IN (SELECT event_id FROM written)
    ), texts AS (
        SELECT article_id, text FROM articles_as_of(n)
        WHERE article_id IN (SELECT article_id FROM written)
    ), adjacent AS (   -- x stands first; 1 to 3 characters between
        SELECT DISTINCT x.event_id, x.entity_id AS entity_x, y.entity_id AS entity_y
        FROM args x
        JOIN args y ON y.event_id = x.event_id AND y.start > x.stop AND y.start - x.stop <= 3
                   AND x.entity_id <> y.entity_id
        JOIN texts t ON t.article_id = x.article_id
        WHERE regexp_full_match(substring(t.text, x.stop + 1, y.start - x.stop), '\s+|\s*\(\s*')
    )
    SELECT DISTINCT w.event_id, w.entity_a, w.entity_b
    FROM written w
    JOIN adjacent j ON j.event_id = w.event_id
                   AND ((j.entity_x = w.entity_a AND j.entity_y = w.entity_b)
                        OR (j.entity_x = w.entity_b AND j.entity_y = w.entity_a));
