"""The validate stage alone: every mapping's schema (deck, chapter, card, follow-up, tags,
removals) with its messages, and what the values must mean."""
import textwrap
from pathlib import Path

from deckbuilder import load, record, validate
from deckbuilder.model import SourceFile
from deckbuilder.vocabulary import read_vocabulary

DECK, _ = validate.deck_settings(None, None)


def source(name: str, text: str) -> tuple[SourceFile, object]:
    data = textwrap.dedent(text).lstrip("\n").encode("utf-8")
    number, _, slug = name.removesuffix(".yaml").partition("-")
    file = SourceFile(Path(name), data, number if slug else "", slug)
    root, problems = load.parse(file)
    assert problems == []
    return file, root


def chapter(text: str, vocabulary=None):
    return validate.chapter(*source("01-a.yaml", text), DECK, vocabulary)


def messages(problems) -> list[str]:
    return [f"{p.line}: {p.message}" for p in problems]


def test_a_valid_card_becomes_a_card_with_its_lines_and_tags():
    result, problems = chapter("""
        chapter: 基础
        cards:
          - id: first
            question: 问题
            answer: |
              回答
            followups:
              - 只有问题的追问
              - q: 追问
                a: 答
            tags: [any::tag]
        """)
    assert problems == []
    card = result.cards[0]
    assert (card.id, card.line, card.question.line, card.answer.line) == ("first", 3, 4, 6)
    assert [(f.question.markdown, f.answer and f.answer.markdown) for f in card.followups] == [
        ("只有问题的追问", None), ("追问", "答")]
    assert card.tags == ("nlp-interview::chapter::01-a", "nlp-interview::any::tag")


def test_card_schema_messages():
    _, problems = chapter("""
        chapter: 基础
        cards:
          - id: first
            qestion: 问题
            answer: [not, text]
            detial: x
            colour: red
            followups: just text
          - 不是映射
        """)
    assert messages(problems) == [
        "4: unknown key 'qestion' in a card; did you mean 'question'?",
        "5: 'answer' must be text, not a list or mapping",
        "6: unknown key 'detial' in a card; did you mean 'detail'?",
        "7: unknown key 'colour' in a card (allowed: answer, check, detail, followups, id, question, source, tags)",
        "8: 'followups' must be a list (each item text, or a mapping with q and a)",
        "3: a card is missing required key 'question'",
        "9: a card must be a mapping of keys to values",
    ]


def test_chapter_and_follow_up_schema_messages():
    _, problems = chapter("""
        chapter: 基础
        tag: [x]
        cards:
          - id: first
            question: 问题
            answer: 回答
            followups:
              - q: 追问
                answr: 答
              - a: 只有答
        """)
    assert messages(problems) == [
        "2: unknown key 'tag' in a chapter file; did you mean 'tags'?",
        "9: unknown key 'answr' in a follow-up; did you mean 'a'?",
        "10: a follow-up is missing required key 'q'",
    ]
    _, problems = chapter("chapter: 基础\ncards: {}\n")
    assert messages(problems) == ["2: 'cards' must be a non-empty list of cards"]
    _, problems = chapter("title: 基础\n")
    assert messages(problems) == ["1: unknown key 'title' in a chapter file (allowed: cards, chapter, tags)",
                                  "1: a chapter file is missing required key 'chapter'",
                                  "1: a chapter file is missing required key 'cards'"]


def test_deck_schema_and_values():
    deck, problems = validate.deck_settings(*source("deck.yaml", """
        titel: 卡组
        slug: Not A Slug
        version: [1]
        """))
    assert messages(problems) == [
        "1: unknown key 'titel' in deck.yaml; did you mean 'title'?",
        "3: 'version' must be text, not a list or mapping",
        "2: 'slug' must be a lowercase ASCII slug such as nlp-llm-interview",
    ]
    assert deck.version == "1.0"
    deck, problems = validate.deck_settings(*source("deck.yaml", "title: 卡组\nversion: 2.1\ndescription: 说明\n"))
    assert problems == [] and (deck.title, deck.major, deck.description.markdown) == ("卡组", 2, "说明")


def test_vocabulary_schema_messages():
    vocabulary, problems = read_vocabulary(*source("tags.yaml", """
        topic:
          peft: 微调
        kinds: [code]
        """))
    assert messages(problems) == [
        "1: unknown key 'topic' in tags.yaml; did you mean 'topics'?",
        "3: 'kinds' must be a mapping of each kind to a one-line description",
        "1: tags.yaml is missing required key 'topics'",
    ]
    vocabulary, problems = read_vocabulary(*source("tags.yaml", "topics:\n  peft:\n    lora: LoRA\nkinds:\n  code: 代码\n"))
    assert problems == []
    assert vocabulary.resolve("peft::lora") == "topic::peft::lora" and vocabulary.resolve("kind::code") == "kind::code"
    assert vocabulary.suggestion("LoRA") == "peft::lora"


def test_removals_schema_messages():
    removals, problems = record.read_removals(*source("removed.yaml", """
        removed:
          old-card: 并入 new-card
        restord: [x]
        """))
    assert messages(problems) == ["3: unknown key 'restord' in removed.yaml; did you mean 'restored'?"]
    assert removals.reasons == {"old-card": "并入 new-card"} and removals.lines == {"old-card": 2}
    _, problems = record.read_removals(*source("removed.yaml", "removed: [a]\nrestored: a\n"))
    assert messages(problems) == ["1: 'removed' must be a mapping of card ids to reasons",
                                  "2: 'restored' must be a list of card ids"]


def test_values_are_checked_for_what_they_mean():
    vocabulary, _ = read_vocabulary(*source("tags.yaml", "topics:\n  peft:\n    lora: LoRA\n"))
    _, problems = chapter("""
        chapter: 基础::子
        cards:
          - id: Bad_Id
            question: 问题
            answer: 回答
          - id: no-topic
            question: 问题
            answer: "  "
          - id: tagged
            question: 问题
            answer: 回答
            tags: [lora, "two words"]
        """, vocabulary)
    assert messages(problems) == [
        "1: 'chapter' must not contain '::' (it is one subdeck)",
        "3: bad card id 'Bad_Id': use lowercase ASCII letters, digits and '-', starting with a letter or digit",
        "8: 'answer' is empty",
        "12: bad tag 'two words': a tag has no spaces or quotes, and hierarchy levels are joined by '::' "
        "(e.g. LLM::PEFT::LoRA)",
        "12: unknown tag 'lora': not in tags.yaml; did you mean 'peft::lora'? (add new topics there first)",
    ]


def test_cross_check_finds_ids_and_numbers_used_twice():
    first, _ = chapter("chapter: 一\ncards:\n  - {id: same, question: q, answer: a}\n")
    second, _ = validate.chapter(*source("01-b.yaml", "chapter: 二\ncards:\n  - {id: same, question: q, answer: a}\n"),
                                 DECK, None)
    assert [(p.path, p.line, p.message, p.severity) for p in validate.cross_check([first, second])] == [
        ("01-b.yaml", 3, "duplicate card id 'same' (also at 01-a.yaml:3)", "error"),
        ("01-b.yaml", 0, "chapter number 01 is also used by 01-a.yaml", "warning"),
    ]
