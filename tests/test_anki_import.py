"""What a user gets: the built deck imported into a real collection of the official Anki backend."""
import os
from shutil import copytree

import anki.collection  # noqa: F401  (must come before anything from anki.scheduler)
from anki.scheduler.v3 import CardAnswer

from conftest import import_package, options, run, write
from deckbuilder import pipeline
from deckbuilder.notetype import NOTETYPE_DIR

PARENT = "NLP · LLM 算法工程师面试"

CHAPTER_ONE = """
chapter: Transformer 基础
tags: [transformer]
cards:
  - id: attention-formula
    question: 注意力的公式？
    answer: |
      $$\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$
    detail: 见图 ![](attention.svg)
    tags: [attention, "LLM::Attention"]
  - id: scaling
    question: 为什么除以 $\\sqrt{d_k}$？
    answer: 方差为 $d_k$，且 $a<b$。
    followups:
      - q: 不缩放会怎样？
        a: softmax 饱和，梯度消失。
      - 为什么不用 $d_k$？
    source: Vaswani et al., 2017
"""

CHAPTER_TWO = """
chapter: 位置编码
cards:
  - id: rope
    question: RoPE 是什么？
    answer: 旋转位置编码。
"""


def build_sources(project, mtime):
    write(project / "content/01-transformer.yaml", CHAPTER_ONE, mtime)
    write(project / "content/02-position.yaml", CHAPTER_TWO, mtime)
    figure = project / "media/attention.svg"
    figure.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    os.utime(figure, (mtime, mtime))


def test_import_gives_subdecks_notes_tags_media_and_fields(project, capsys, open_collection):
    build_sources(project, mtime=1_700_000_000)
    assert run(capsys)[0] == 0
    log = import_package(project / "col.anki2", project / "dist/nlp-llm-interview.apkg")
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (3, 0, 0, 0)

    col = open_collection(project / "col.anki2")
    deck_names = {d.name for d in col.decks.all_names_and_ids()}
    assert {PARENT, f"{PARENT}::01 Transformer 基础", f"{PARENT}::02 位置编码"} <= deck_names

    def cards_in(deck):
        return len(col.find_cards(f'"deck:{deck}" -"deck:{deck}::*"'))

    assert cards_in(f"{PARENT}::01 Transformer 基础") == 2
    assert cards_in(f"{PARENT}::02 位置编码") == 1
    assert cards_in(PARENT) == 0

    note = col.get_note(col.find_notes("ID:attention-formula")[0])
    assert sorted(note.tags) == ["nlp-interview::LLM::Attention", "nlp-interview::attention",
                                 "nlp-interview::chapter::01-transformer", "nlp-interview::transformer"]
    assert note["Answer"] == ('<div class="math-display">\\[\\mathrm{Attention}(Q,K,V)='
                              '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V\\]</div>')
    assert note["Detail"] == '<p>见图 <img src="nlp-llm-interview-attention.svg" alt="" /></p>'
    assert col.media.have("nlp-llm-interview-attention.svg")
    assert col.media.check().missing == []
    assert len(col.find_notes("tag:nlp-interview::LLM::Attention")) == 1

    scaling = col.get_note(col.find_notes("ID:scaling")[0])
    # each formula joined to the punctuation after it, so that no line starts with "，" or "。"
    assert scaling["Answer"] == ('<p>方差为 <span class="nobr">\\(d_k\\)，</span>且 '
                                 '<span class="nobr">\\(a&lt;b\\)。</span></p>')
    assert "不缩放会怎样？" in scaling["FollowUps"] and "为什么不用 <span class=\"nobr\">\\(d_k\\)？</span>" in scaling["FollowUps"]
    card = scaling.cards()[0]
    back = card.answer()
    assert "常见追问" in back and "出处" in back and "Vaswani et al., 2017" in back
    assert "详解" not in back  # empty optional sections are not shown
    assert '为什么除以 <span class="nobr">\\(\\sqrt{d_k}\\)？</span>' in card.question()


def _review(col, note_id):
    card = col.get_note(note_id).cards()[0]
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.EASY))
    card.load()
    return card


def test_rebuild_and_reimport_updates_in_place_and_keeps_reviews(project, capsys, open_collection, tmp_path):
    build_sources(project, mtime=1_700_000_000)
    notetype_copy = tmp_path / "notetype"
    copytree(NOTETYPE_DIR, notetype_copy)
    deck = project / "dist/nlp-llm-interview.apkg"

    def rebuild():
        result = pipeline.package_deck(options(project / "content", out=deck, notetype_dir=notetype_copy))
        assert result.ok, result.problems
        return result

    first = rebuild()
    import_package(project / "col.anki2", deck)
    col = open_collection(project / "col.anki2")
    reviewed = {}
    for card_id in ("attention-formula", "scaling"):
        note_id = col.find_notes(f"ID:{card_id}")[0]
        card = _review(col, note_id)
        reviewed[card_id] = (note_id, card.id, card.ivl, card.due, card.type)
    revlog_before = col.db.scalar("select count() from revlog")
    assert revlog_before == 2
    rope_note_id = col.find_notes("ID:rope")[0]
    col.close()

    # The author edits one card, moves another to the other chapter file, adds one, changes the template.
    # There is no release record here, so every note of a changed file gets the file's new time.
    later = max(first.timestamp, 1_700_000_000) + 60
    rope = CHAPTER_TWO.split("cards:\n", 1)[1]
    write(project / "content/01-transformer.yaml",
          CHAPTER_ONE.replace("方差为 $d_k$", "点积方差为 $d_k$") + rope, later)
    write(project / "content/02-position.yaml", """
        chapter: 位置编码
        cards:
          - id: extra-card
            question: 新卡片？
            answer: 新增。
        """, later)
    back = notetype_copy / "back.html"
    back.write_text(back.read_text(encoding="utf-8").replace("常见追问", "面试官追问"), encoding="utf-8")
    os.utime(back, (later, later))
    second = rebuild()
    assert second.timestamp == later

    log = import_package(project / "col.anki2", deck)
    assert len(log.new) == 1 and len(log.duplicate) == 0 and len(log.conflicting) == 0
    assert len(log.updated) == 3

    col = open_collection(project / "col.anki2")
    col.models._clear_cache()
    assert len(col.find_notes("")) == 4  # no duplicates
    assert col.find_notes("ID:rope") == [rope_note_id]  # moving a card between files keeps the note
    assert len(col.models.all_names_and_ids()) == len({m.name for m in col.models.all_names_and_ids()})
    assert not any(m.name.endswith("+") for m in col.models.all_names_and_ids())
    note_id, card_id, ivl, due, card_type = reviewed["scaling"]
    note = col.get_note(note_id)
    assert note["Answer"] == ('<p>点积方差为 <span class="nobr">\\(d_k\\)，</span>且 '
                              '<span class="nobr">\\(a&lt;b\\)。</span></p>')  # updated in place
    card = col.get_card(card_id)
    assert (card.ivl, card.due, card.type) == (ivl, due, card_type)  # scheduling kept
    assert col.db.scalar("select count() from revlog") == revlog_before  # history kept
    assert "面试官追问" in card.answer()  # template change reached the user

    # A rebuild with nothing changed updates nothing.
    col.close()
    third = rebuild()
    assert third.timestamp == second.timestamp
    log = import_package(project / "col.anki2", deck)
    assert (len(log.new), len(log.updated)) == (0, 0)

