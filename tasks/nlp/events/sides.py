"""Which side of an event each party is on, where the sentence says so.

"ExxonMobil и Chevron-Texaco вели переговоры с ЛУКОЙЛом" are talks of two companies with a third,
not of three parties with each other; "Kodak провела встречи с фондами Cerberus, Highbridge,
Silver Point" are meetings of Kodak with each fund. A "с" phrase in the instrumental on the
trigger or on its verb, or inside the trigger's topic ("переговоры о сотрудничестве с ЛУКОЙЛом"),
names the event's counterpart when it names a party (an actor, a name or an animate noun; not
"с диагнозом", "с участием"). A party in it (conjoined or in apposition to its head, or its
genitive: "в матче с командой России") is the `counterpart`; the subject of the trigger or of its
light verb ("Kodak провела встречи с ..."), a noun trigger's genitive ("переговоры Путина с ...")
and a "вместе с" phrase are the `subject`; an object is on no side. Where no such phrase exists,
a verb trigger's agent and the parties it acts on are the two sides, read from their case, as
Russian marks them whatever the word order (the parser does not always: in "Дениса Вороненкова
застрелил Павел Паршов" it reads both names as objects): the agent of an active verb is its
nominative party, of a passive one its instrumental party with no preposition ("отправлен
Басманным судом в СИЗО"); when the verb has exactly one agent phrase and a party in another case
hangs on it with no preposition, the agent is the `subject` and those parties the `counterpart`
("Владимира Этуша поздравил Владимир Путин": Путин, then Этуш); an agent phrase whose verb has
no other such party, where the event's other parties are named deeper in the sentence, is the
`subject` and they stay on no side ("Новую редакцию закона о выборах депутатов Думы президент
внес": the president, then the Duma); of two phrases that read as
nominative, the one the verb agrees with, else the animate one, is the agent ("«Спортинг»
возглавил Веркотерен"); a title in the instrumental of "избран", "назначен" is the post, no agent
("был выбран новым премьер-министром Японии"). Other events give no sides, so "Путин и Эрдоган
провели переговоры" leaves both without a side and their pair stands. who_met_whom pairs no two
parties of one side.
"""
from __future__ import annotations

from tasks.nlp.events.learned import ACTOR_ROLES
from tasks.nlp.events.nominals import load_titles
from tasks.nlp.events.tree import NAME_RELS, SentenceTree
from tasks.nlp.events.triggers import STATEMENT, Trigger

SUBJECT, COUNTERPART = "subject", "counterpart"
WITH = frozenset({"с", "со"})
TOGETHER = frozenset({"вместе", "совместно"})   # "вместе с Медведевым": the subject's company
ABOUT = frozenset({"о", "об", "обо"})
# "вечеринка с участием королевы, принца Чарльза и его сыновей", "с помощью США": those named are
# among the parties, or the means, not the other side
NO_COUNTERPART = frozenset({"участие", "помощь"})
TOPIC_DEPTH = 3   # "о создании совместного производства с ...": the "с" phrase two words down
# Passive verbs whose instrumental title is the post, not the agent: "был выбран новым
# премьер-министром Японии", "назначен командующим" (but "назначенный Виктором Ющенко" is an agent).
NAMING_VERBS = frozenset({"назначить", "избрать", "выбрать", "переизбрать", "признать", "назвать",
                          "объявить", "утвердить", "провозгласить", "сделать", "считать"})


def comitative(tree: SentenceTree, token) -> bool:
    """A "с" phrase of company (instrumental), not of origin or time ("с середины сентября")."""
    case = (token.feats or {}).get("Case")
    return tree.preposition(token) in WITH and case in (None, "Ins")


def in_topic(tree: SentenceTree, token, anchors: set[str]) -> bool:
    """Whether the token lies inside an "о" phrase on one of the anchors."""
    current = token
    for _ in range(TOPIC_DEPTH):
        if current is None or current.id in anchors:
            return False
        if current.head_id in anchors and tree.preposition(current) in ABOUT:
            return True
        current = tree.head(current)
    return False


def names_a_party(tree: SentenceTree, top, party_tops: set[str]) -> bool:
    """Whether a "с" phrase can name a party: it holds one of the event's actors, a name or an
    animate noun ("с историками"), not a thing ("с диагнозом", "с травмой")."""
    words = tree.expand(top) + [w for kid in tree.kids(top, {"nmod"})           # "с командой России"
                                for w in tree.expand(kid)]
    return top.id in party_tops or any(
        w.id in party_tops or w.pos == "PROPN" or (w.feats or {}).get("Animacy") == "Anim" for w in words)


def counterpart_phrases(tree: SentenceTree, anchors: set[str], party_tops: set[str]) -> set[str]:
    """Token ids of the heads of the phrases that name the event's counterpart."""
    found = set()
    for token in tree.tokens:
        if token.rel in NAME_RELS or token.lemma in NO_COUNTERPART or not comitative(tree, token):
            continue
        head = tree.head(token)
        if head is not None and (head.id in anchors or in_topic(tree, head, anchors)) \
                and names_a_party(tree, token, party_tops):
            found.add(token.id)
    return found


def side_of(top, tree: SentenceTree, trigger_ids: set[str], agent_heads: set[str],
            anchors: set[str], counterparts: set[str]) -> str | None:
    """The side of the party whose phrase is headed by `top`: the counterpart's, the subject's
    (the subject of the trigger's verb, or the genitive of a noun trigger), or None."""
    head = tree.head(top)
    if top.id in counterparts or (top.rel == "nmod" and head is not None and head.id in counterparts):
        return COUNTERPART    # "с командой России": Russia
    if head is None:
        return None
    if top.rel == "nsubj" and head.id in agent_heads:
        return SUBJECT
    if top.rel == "nmod" and head.id in trigger_ids and tree.preposition(top) is None \
            and (top.feats or {}).get("Case") in (None, "Gen"):
        return SUBJECT      # "переговоры Путина с ...", "матч «Копенгагена» с ..."
    if head.lemma in TOGETHER and head.head_id in anchors and comitative(tree, top):
        return SUBJECT
    return None


def agent_case(trigger: Trigger) -> str | None:
    """The case that marks the agent of a verb trigger (instrumental for a passive one); None
    for a noun trigger."""
    anchor = trigger.anchor
    if anchor.pos != "VERB":
        return None
    return "Ins" if (anchor.feats or {}).get("Voice") == "Pass" else "Nom"


def agent_sides(tree: SentenceTree, trigger: Trigger, tops: dict) -> dict[int, str]:
    """position -> side for a verb trigger's agent (`subject`) and the parties it acts on
    (`counterpart`): the parties whose phrase hangs on the verb with no preposition, where one
    of those phrases is in the agent's case and another in any other; empty otherwise."""
    case = agent_case(trigger)
    if case is None:
        return {}
    naming = case == "Ins" and trigger.anchor.lemma in NAMING_VERBS
    bare = {position: top for position, top in tops.items()
            if top.head_id == trigger.anchor.id and tree.preposition(top) is None
            and (top.feats or {}).get("Case") is not None
            and not (naming and top.feats["Case"] == "Ins" and top.lemma in load_titles())}
    agents = {top.id: top for top in bare.values() if top.feats["Case"] == case}
    if len(agents) > 1 and case == "Nom":
        agents = _nominative_agent(trigger.anchor, agents)
    if len(agents) != 1:
        return {}
    if len({top.id for top in bare.values()}) < 2:
        return lone_agent(bare, agents, tops)
    return {position: SUBJECT if top.id in agents else COUNTERPART for position, top in bare.items()}


def lone_agent(bare: dict, agents: dict, tops: dict) -> dict[int, str]:
    """position -> side for the one agent phrase of a verb with no other party hanging on it,
    where the event has parties named deeper in the sentence: the agent still acts, they are on
    no side ("Новую редакцию закона о выборах депутатов Думы президент внес": the president,
    then the Duma; from extractor 2025.12.24). Empty when the agent is the only party, and when
    its phrase holds several ("Путин и Эрдоган встретились": who_met_whom pairs no two parties of
    one side, and those two met)."""
    others = {top.id for top in tops.values()} - set(agents)
    acting = [position for position, top in bare.items() if top.id in agents]
    return {acting[0]: SUBJECT} if others and len(acting) == 1 else {}


def _agrees(verb, noun) -> bool:
    """Whether the verb's gender and number (a past tense has both, a present one its number)
    fit the noun's, where both are known."""
    verb_feats, noun_feats = verb.feats or {}, noun.feats or {}
    return all(verb_feats.get(feat) is None or noun_feats.get(feat) is None or verb_feats[feat] == noun_feats[feat]
               for feat in ("Gender", "Number"))


def _nominative_agent(verb, agents: dict) -> dict:
    """Of several phrases read as nominative, the agent: the inanimate accusative of a masculine
    or neuter noun has the nominative's form ("«Спортинг» возглавил Веркотерен", "Правительство
    Словении возглавила женщина"), so the one the verb agrees with, else the only animate one."""
    fitting = {key: top for key, top in agents.items() if _agrees(verb, top)}
    animate = {key: top for key, top in fitting.items() if (top.feats or {}).get("Animacy") == "Anim"
               or top.pos == "PROPN" and (top.feats or {}).get("Animacy") != "Inan"}
    return fitting if len(fitting) == 1 else animate


def with_sides(tree: SentenceTree, trigger: Trigger, arguments: list[dict]) -> list[dict]:
    """The arguments, each with its `side`: by the counterpart phrase where the event has one,
    else by the verb's agent and whom it acts on; None for the other arguments (a place, a
    party on neither side) and for all of an event that has neither."""
    sides: dict[int, str | None] = {}
    tops = {}
    if trigger.type != STATEMENT:
        for position, argument in enumerate(arguments):
            if argument["role"] in ACTOR_ROLES:
                head = tree.span_head(argument["start"], argument["stop"])
                if head is not None:
                    tops[position] = tree.phrase_top(head)
    if tops:
        trigger_ids = {t.id for t in trigger.tokens}
        predicate = tree.predicate(trigger.anchor)
        anchors = trigger_ids | {predicate.id}
        # the subject of a light verb is the event's ("Kodak провела встречи"), not of any verb
        # the trigger hangs on ("рассказал Громов ... после встречи Путина с историками")
        agent_heads = anchors if trigger.anchor.rel == "obj" else trigger_ids
        counterparts = counterpart_phrases(tree, anchors, {top.id for top in tops.values()})
        if counterparts:
            sides = {position: side_of(top, tree, trigger_ids, agent_heads, anchors, counterparts)
                     for position, top in tops.items()}
        else:
            sides = agent_sides(tree, trigger, tops)
    return [{**argument, "side": sides.get(position)} for position, argument in enumerate(arguments)]
