-- Cross-document resolution of partial person names, run inside a run's load transaction.
-- A partial name is a person entity whose name is a surname alone ("Путин") or initials and a
-- surname ("В. Путин"); it fits a full-name person ("Владимир Путин") of the warehouse when the
-- surnames are equal (case and ё folded; "Медведева" is not "Медведев") and each initial is the
-- first letter of the corresponding name. "Буш" fits "Джордж Буш" and "Джордж Буш-старший"
-- alike, so it is ambiguous there. Partial names already redirected are left alone.
-- Two full names with the same given names whose surnames differ only as transliterations do
-- ("Тереза Мей" / "Тереза Мэй", "Олаф Шольц" / "Олаф Шолц") are one person too: the surnames
-- compared with э as е, without ь/ъ and doubled letters, by Jaro-Winkler similarity ≥ 0.92 (the
-- lowest threshold that merged no two different people of NEREL train sharing a first name:
-- see README, Entities); the one with fewer mentions redirects to the other.
-- So are two full names with one surname whose given names are spelt two ways ("Гари" /
-- "Гарри Каспаров", "Франcиско" with a Latin c / "Франсиско Флорес"), compared the same way, unless
-- they part only in case endings after a common stem ("Ангеле" / "Ангела"): the case merges
-- (case_forms.sql) decide those.
-- A full name with a patronymic and the same name without it ("Нурсултан Абишевич Назарбаев" /
-- "Нурсултан Назарбаев") are one person when no other patronymic goes with that given name and
-- surname; so are a name with middle names and without them ("Нельсон Ролилахла Мандела" /
-- "Нельсон Мандела"; "Джордж Буш" beside "Джордж Уокер Буш" and "Джордж Герберт Уокер Буш" fits
-- two); the less mentioned form redirects to the other.
WITH people AS (
    -- words split at spaces and after a dot: "Б.Обама" is an initial and a surname, as "Б. Обама"
    SELECT entity_id, string_split_regex(trim(replace(lower(replace(name, 'ё', 'е')), '.', '. ')), '\s+') AS words
    FROM entities_history
    WHERE type = 'PER'
      AND (run_id = $run_id OR run_id IN (SELECT run_id FROM runs WHERE status = 'committed'))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), split AS (  -- the surname, and the words before it (given names, or initials like "в.")
    SELECT entity_id, words[-1] AS surname, array_pop_back(words) AS given,
           len(list_filter(array_pop_back(words), lambda w: NOT regexp_full_match(w, '\pL\.?'))) = 0 AS initials_only
    FROM people
    WHERE entity_id NOT IN (SELECT entity_id FROM entity_redirects)
), partial AS (  -- a word natasha's name parser read as a surname, not a first name ("Мохаммед")
    SELECT entity_id, surname, given AS initials FROM split
    WHERE initials_only
      AND entity_id IN (SELECT entity_id FROM mentions_history WHERE last_name IS NOT NULL)
), complete AS (
    -- a one-word given name's letters as well, Latin look-alike letters read as Cyrillic
    -- ("Франcиско" with a Latin c)
    SELECT entity_id, split_part(surname, '-', 1) AS surname, given,
           replace(replace(replace(split_part(surname, '-', 1), 'э', 'е'), 'ь', ''), 'ъ', '') AS letters,
           CASE WHEN len(given) = 1 THEN replace(replace(replace(translate(given[1], 'aceopxyk', 'асеорхук'),
                                                                 'э', 'е'), 'ь', ''), 'ъ', '') END AS given_letters
    FROM split WHERE NOT initials_only
), spelt AS (  -- doubled letters count once ("Миддлтон" / "Мидлтон"), in the surname and the given name
    SELECT *, spellings[1] AS spelling, spellings[2] AS given_spelling
    FROM (SELECT *, list_transform([letters, given_letters], lambda w: array_to_string(
              list_filter(str_split(w, ''), lambda ch, i: i = 1 OR ch <> str_split(w, '')[i - 1]), '')) AS spellings
          FROM complete)
), mentioned AS (
    SELECT entity_id, count(*) AS mentions FROM mentions_history GROUP BY entity_id
), spelling AS (
    SELECT a.entity_id, b.entity_id AS candidate_id, 'spelling' AS reason
    FROM spelt a
    JOIN spelt b ON a.given = b.given AND a.surname <> b.surname
    LEFT JOIN mentioned ma ON ma.entity_id = a.entity_id
    LEFT JOIN mentioned mb ON mb.entity_id = b.entity_id
    WHERE jaro_winkler_similarity(a.spelling, b.spelling) >= 0.92
      -- one surname continuing the other is another name or a case form, not a spelling
      -- ("Лебедь" / "Лебедев", "Сучкова" / "Сучковой"); nor is a longer or shorter one
      AND (a.spelling = b.spelling
           OR NOT starts_with(a.spelling, b.spelling) AND NOT starts_with(b.spelling, a.spelling))
      AND abs(length(a.spelling) - length(b.spelling)) <= 1
      AND (coalesce(ma.mentions, 0), a.entity_id) < (coalesce(mb.mentions, 0), b.entity_id)
      AND a.entity_id NOT IN (SELECT target_id FROM entity_redirects)
), given_spelling AS (
    -- "Гари Каспаров" / "Гарри Каспаров", "Беньямин Нетаньяху" / "Биньямин Нетаньяху": one
    -- surname, given names spelt two ways, compared as the surnames above (on NEREL train 14
    -- merges, all right; "Синдзо" / "Синтаро Абэ", father and son, stay apart). Names that part
    -- only in case endings after a common stem ("Ангеле" / "Ангела") or one continuing the other
    -- are case forms, which the inflection merges decide.
    SELECT entity_id, candidate_id, 'spelling' AS reason
    FROM (SELECT a.entity_id, b.entity_id AS candidate_id, a.given_spelling AS a_spelling,
                 b.given_spelling AS b_spelling,
                 len(list_filter(range(1, least(length(a.given_spelling), length(b.given_spelling)) + 1),
                                 lambda i: left(a.given_spelling, i) = left(b.given_spelling, i))) AS stem
          FROM spelt a
          JOIN spelt b ON a.surname = b.surname AND a.given[1] <> b.given[1]
                      AND a.given_spelling IS NOT NULL AND b.given_spelling IS NOT NULL
          LEFT JOIN mentioned ma ON ma.entity_id = a.entity_id
          LEFT JOIN mentioned mb ON mb.entity_id = b.entity_id
          WHERE (coalesce(ma.mentions, 0), a.entity_id) < (coalesce(mb.mentions, 0), b.entity_id)
            AND a.entity_id NOT IN (SELECT target_id FROM entity_redirects))
    WHERE jaro_winkler_similarity(a_spelling, b_spelling) >= 0.92
      AND abs(length(a_spelling) - length(b_spelling)) <= 1
      AND (a_spelling = b_spelling
           OR NOT starts_with(a_spelling, b_spelling) AND NOT starts_with(b_spelling, a_spelling)
              AND NOT (list_contains($case_endings, substr(a_spelling, stem + 1))
                       AND list_contains($case_endings, substr(b_spelling, stem + 1))))
), patronymic_names AS (  -- full names with a patronymic or middle names ("Нельсон Ролилахла
                          -- Мандела"), and how many share its given name and surname
    SELECT entity_id, surname, given[1] AS first_name,
           count(*) OVER (PARTITION BY surname, given[1]) AS namesakes
    FROM complete
    WHERE len(given) >= 2
), patronymic AS (  -- the less mentioned of the two forms joins the other
    SELECT CASE WHEN (coalesce(ml.mentions, 0), l.entity_id) < (coalesce(ms.mentions, 0), s.entity_id)
                THEN l.entity_id ELSE s.entity_id END AS entity_id,
           CASE WHEN (coalesce(ml.mentions, 0), l.entity_id) < (coalesce(ms.mentions, 0), s.entity_id)
                THEN s.entity_id ELSE l.entity_id END AS candidate_id,
           'patronymic' AS reason
    FROM patronymic_names l
    JOIN complete s ON s.surname = l.surname AND len(s.given) = 1 AND s.given[1] = l.first_name
    LEFT JOIN mentioned ml ON ml.entity_id = l.entity_id
    LEFT JOIN mentioned ms ON ms.entity_id = s.entity_id
    WHERE l.namesakes = 1
), joined AS (
    SELECT * FROM patronymic WHERE entity_id NOT IN (SELECT target_id FROM entity_redirects)
), fits AS (
    SELECT p.entity_id, c.entity_id AS candidate_id,
           CASE WHEN len(p.initials) = 0 THEN 'surname' ELSE 'initials' END AS reason
    FROM partial p JOIN complete c ON c.surname = p.surname
    WHERE p.surname NOT LIKE '%-%'
      AND len(p.initials) <= len(c.given)
      AND len(list_filter(range(1, len(p.initials) + 1),
                          lambda i: NOT starts_with(c.given[i], left(p.initials[i], 1)))) = 0
), fits_joined AS (  -- a full name with and without its patronymic is one candidate: the form kept
    SELECT DISTINCT f.entity_id, coalesce(j.candidate_id, f.candidate_id) AS candidate_id, f.reason
    FROM fits f LEFT JOIN joined j ON j.entity_id = f.candidate_id
)
SELECT entity_id, candidate_id, reason, count(*) OVER (PARTITION BY entity_id) AS fitting
FROM (SELECT * FROM fits_joined UNION ALL SELECT * FROM spelling UNION ALL SELECT * FROM given_spelling
      UNION ALL SELECT * FROM joined);
