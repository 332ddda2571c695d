"""Mixed-script words (tasks/nlp/homoglyphs.py): the annotation reads them in one script, the
warehouse keeps the article's text. Words from Lenta 1000."""
from tasks.nlp.entities import entity_id_for
from tasks.nlp.extract import extract_article
from tasks.nlp.homoglyphs import in_one_script


def test_a_mixed_word_is_written_in_the_script_of_most_of_its_letters():
    for written, read in (("CША", "США"), ("Евроcоюзу", "Евросоюзу"), ("Сinram", "Cinram"), ("Аlten", "Alten"),
                          ("Счeтной", "Счетной"), ("вcтрече", "встрече")):
        assert in_one_script(written) == read
    # a letter with no look-alike keeps the word as written; one script needs nothing
    for word in ("АКИpress", "ХХI", "iPhone", "Москва", "Ан-12"):
        assert in_one_script(word) == word
    text = "Премьер прибыл в CША, где прошла вcтреча с президентом."
    assert len(in_one_script(text)) == len(text)


def test_the_mention_keeps_the_article_s_text_and_the_entity_the_word_read(models):
    # Lenta: "CША" (a Latin C) was an organisation of its own and "вcтрече" no meeting
    text = "В Таллине прошла вcтреча глав правительств, на которую прибыли министры из CША."
    result = extract_article({"article_id": "mixed", "text": text, "published_at": None, "title": None}, models)
    usa = [m for m in result.mentions if m["start"] == text.index("CША")]
    assert [(m["text"], m["type"], m["entity_id"]) for m in usa] == [("CША", "LOC", entity_id_for("LOC", "США"))]
    meeting = [e for e in result.events if e["type"] == "meeting"]
    assert [e["trigger_text"] for e in meeting] == ["вcтреча"], result.events
    for row in (*result.mentions, *result.event_arguments):
        assert row["text"] == text[row["start"]:row["stop"]]
