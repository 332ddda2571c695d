-- Events a run extracted, by type, most frequent first, with a few of their trigger words.
SELECT ev.type,
       ev.quad_class,
       count(*) AS events,
       count(DISTINCT ev.article_id) AS articles,
       list_sort(list_distinct(list(coalesce(ev.trigger_lemma, ev.trigger_text))))[1:5] AS triggers
FROM events_history ev
WHERE ev.run_id = $run_id
GROUP BY ev.type, ev.quad_class
ORDER BY events DESC, ev.type
LIMIT $limit;
