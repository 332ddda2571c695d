"""Content-stable ids: local context within the paragraph, repeats numbered in text order."""
from tasks.nlp.ids import ContentIds, local_context

TEXT = "Путин встретился с Алиевым.\nПутин встретился с Алиевым.\nПутин встретился с Алиевым."


def test_context_stops_at_the_paragraph():
    start = TEXT.index("Путин", 5)
    assert local_context(TEXT, start, start + 5) == ("", " встретился с Алиевым.")


def test_same_text_and_context_are_told_apart_by_order_and_survive_edits_elsewhere():
    first = ContentIds("a", TEXT)
    ids = [first("mention:PER", m, m + 5) for m in (0, 28, 56)]
    assert len(set(ids)) == 3
    edited = "Вступление.\n" + TEXT.replace("Алиевым.\nПутин", "Алиевым.\nВ. Путин", 1)
    second = ContentIds("a", edited)
    again = [second("mention:PER", m, m + 5) for m in
             (edited.index("Путин"), edited.index("В. Путин") + 3, edited.rindex("Путин"))]
    assert again[0] == ids[0]            # moved by 12 characters, same paragraph: same id
    assert again[1] not in ids           # its own context changed
    assert again[2] == ids[1]            # the second of the two identical paragraphs left


def test_the_kind_is_part_of_the_id():
    ids = ContentIds("a", TEXT)
    assert ids("mention:PER", 0, 5) != ids("event:meeting", 0, 5)
