"""The update contract, end to end in the real Anki backend: per-note modification times, the
release record, removed cards, the change report and the note-type schema guard."""
import json
import sqlite3
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from shutil import copytree, rmtree

import pytest
import yaml
import anki.collection  # noqa: F401  (must come before anything from anki.scheduler)
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.scheduler.v3 import CardAnswer

from conftest import import_package, options, run, write
from deckbuilder import PACKAGE_DIR
from deckbuilder import pipeline
from deckbuilder.notetype import NOTETYPE_DIR
from deckbuilder.package import note_guid
from deckbuilder.timestamps import SourceTimes

ALWAYS = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
T0 = 1_700_000_000  # when the sources were first written (2023), older than any real edit in Anki

CHAPTER_ONE = """
chapter: 基础
cards:
  - id: card-a
    question: 问题 A？
    answer: 回答 A。
  - id: card-b
    question: 问题 B？
    answer: 回答 B。
"""

CHAPTER_TWO = """
chapter: 进阶
cards:
  - id: card-c
    question: 问题 C？
    answer: 回答 C，含 $x^2$。
"""


@pytest.fixture
def deck(project, capsys):
    """Sources for three cards, released once (1.0) and imported into a fresh collection."""
    return release_and_import(project, capsys)


def release_and_import(project, capsys):
    write(project / "content/deck.yaml", "version: '1.0'\n", T0)
    write(project / "content/01-basics.yaml", CHAPTER_ONE, T0)
    write(project / "content/02-advanced.yaml", CHAPTER_TWO, T0)
    code, out, _ = run(capsys, "--release")
    assert code == 0
    assert "recorded release 1.0: content/release.lock.json" in out
    log = import_package(project / "col.anki2", project / "dist/nlp-llm-interview.apkg")
    assert len(log.new) == 3
    return project


def rebuild_and_import(project, capsys):
    code, _, err = run(capsys)
    assert code == 0, err
    return import_package(project / "col.anki2", project / "dist/nlp-llm-interview.apkg")


def ids(notes):
    return sorted(note.fields[-1] for note in notes)  # the ID field is the last one


def note_of(col, card_id):
    return col.get_note(col.find_notes(f"ID:{card_id}")[0])


def review(col, note):
    card = note.cards()[0]
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    card.load()
    return card


def later(project, seconds):
    """A source time after everything the release recorded."""
    record = json.loads((project / "content/release.lock.json").read_text(encoding="utf-8"))
    return max(note["mtime"] for note in record["notes"].values()) + seconds


def test_one_edited_card_updates_one_note_and_keeps_local_edits_and_reviews(deck, capsys, open_collection):
    col = open_collection(deck / "col.anki2")
    note_a = note_of(col, "card-a")
    note_a["Detail"] = "我自己的助记"
    col.update_note(note_a)
    card_b = review(col, note_of(col, "card-b"))
    reviews = col.db.scalar("select count() from revlog")
    col.close()

    write(deck / "content/01-basics.yaml", CHAPTER_ONE.replace("回答 B。", "更好的回答 B。"), later(deck, 60))
    log = rebuild_and_import(deck, capsys)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    assert ids(log.updated) == ["card-b"]

    col = open_collection(deck / "col.anki2")
    assert note_of(col, "card-b")["Answer"] == "<p>更好的回答 B。</p>"
    assert note_of(col, "card-a")["Detail"] == "我自己的助记"  # the user's own edit survived
    kept = col.get_card(card_b.id)
    assert (kept.ivl, kept.due, kept.type) == (card_b.ivl, card_b.due, card_b.type)
    assert col.db.scalar("select count() from revlog") == reviews
    col.close()

    log = rebuild_and_import(deck, capsys)  # nothing changed since the last build
    assert (len(log.new), len(log.updated)) == (0, 0)


def test_two_builds_of_the_same_sources_are_byte_identical(deck, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0 + 5))
    package = deck / "dist/nlp-llm-interview.apkg"
    assert run(capsys)[0] == 0
    first = package.read_bytes()
    assert run(capsys)[0] == 0
    assert package.read_bytes() == first


def test_removed_card_becomes_a_tagged_notice_and_nothing_else_changes(deck, capsys, open_collection):
    write(deck / "content/02-advanced.yaml", """
        chapter: 进阶
        cards:
          - id: card-d
            question: 新问题 D？
            answer: D。
        """, later(deck, 60))
    write(deck / "content/removed.yaml", "removed:\n  card-c: 已并入 card-b\n", later(deck, 60))
    log = rebuild_and_import(deck, capsys)
    assert ids(log.new) == ["card-d"]
    assert ids(log.updated) == ["card-c"]  # only the notice; card-a and card-b untouched

    col = open_collection(deck / "col.anki2")
    removed = col.find_notes("tag:nlp-interview::removed")
    assert [col.get_note(n)["ID"] for n in removed] == ["card-c"]
    notice = col.get_note(removed[0])
    assert notice["Question"].startswith('<div class="removed-notice"><b>此卡已从卡组中移除</b>（原因：已并入 card-b）')
    assert "问题 C？" in notice["Question"]  # the user still sees which card it was
    assert notice.cards()[0].did == col.decks.id_for_name("NLP · LLM 算法工程师面试::02 进阶")
    col.close()

    code, out, _ = run(capsys, "--changes")
    assert code == 0
    assert "changes since release 1.0:" in out
    assert "+ card-d  新问题 D？" in out and "- card-c  问题 C，含 $x^2$" not in out
    assert "- card-c  问题 C？  [已并入 card-b]" in out
    assert "changed: 0" in out and "moved: 0" in out
    changes_md = (deck / "dist/CHANGES.md").read_text(encoding="utf-8")
    assert "| 新增 | 1 |" in changes_md and "| 移除 | 1 |" in changes_md and "tag:nlp-interview::removed" in changes_md


def test_removed_ids_are_never_reused_unless_restored_on_purpose(deck, capsys, open_collection):
    write(deck / "content/02-advanced.yaml", CHAPTER_TWO.replace("card-c", "card-d"), later(deck, 60))
    write(deck / "content/deck.yaml", "version: '1.1'\n", later(deck, 60))
    assert run(capsys, "--release")[0] == 0
    record = json.loads((deck / "content/release.lock.json").read_text(encoding="utf-8"))
    assert record["notes"]["card-c"]["removed"] is True  # kept in the record for good

    write(deck / "content/02-advanced.yaml", CHAPTER_TWO + CHAPTER_TWO.split("cards:\n")[1].replace("card-c", "card-d"),
          later(deck, 120))
    code, _, err = run(capsys)
    assert code == 1
    assert ("content/02-advanced.yaml:3: card id 'card-c' was removed in release 1.1, and ids are never reused"
            in err)

    write(deck / "content/removed.yaml", "restored: [card-c]\n", later(deck, 120))
    import_package(deck / "col.anki2", deck / "dist/nlp-llm-interview.apkg")  # the 1.1 package: c is a notice
    log = rebuild_and_import(deck, capsys)
    assert ids(log.updated) == ["card-c"]
    col = open_collection(deck / "col.anki2")
    restored = note_of(col, "card-c")
    assert restored["Question"] == "<p>问题 C？</p>" and "nlp-interview::removed" not in restored.tags
    assert len(col.find_notes("ID:card-c")) == 1  # the same note came back, not a duplicate


def test_changes_lists_edits_and_moves_with_advice(deck, capsys):
    moved_a = CHAPTER_TWO + "  - id: card-a\n    question: 问题 A？\n    answer: 回答 A。\n"
    write(deck / "content/02-advanced.yaml", moved_a, later(deck, 60))
    write(deck / "content/01-basics.yaml", CHAPTER_ONE.split("  - id: card-a")[0]
          + "  - id: card-b\n    question: 问题 B？\n    answer: 新回答 B。\n", later(deck, 60))
    code, out, _ = run(capsys, "--changes")
    assert code == 0
    assert "added: 0" in out and "removed: 0" in out
    assert "~ card-b  问题 B？" in out and "changed: 1" in out
    assert "> card-a  问题 A？  [NLP · LLM 算法工程师面试::01 基础 → NLP · LLM 算法工程师面试::02 进阶]" in out
    assert "Change Deck" in out
    assert run(capsys)[0] == 0
    assert "| 换了子卡组 | 1 |" in (deck / "dist/CHANGES.md").read_text(encoding="utf-8")


def test_a_field_added_to_the_note_type_fails_with_the_explanation(deck, capsys, tmp_path):
    notetype = tmp_path / "notetype"
    copytree(NOTETYPE_DIR, notetype)
    spec = yaml.safe_load((notetype / "notetype.yaml").read_text(encoding="utf-8"))
    spec["fields"].append("Mnemonic")
    (notetype / "notetype.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    before = (deck / "dist/nlp-llm-interview.apkg").read_bytes()

    result = pipeline.package_deck(options(deck / "content", out=deck / "dist/nlp-llm-interview.apkg", notetype_dir=notetype))
    message = " ".join(p.message for p in result.problems if p.severity == "error")
    assert "the note type changed since release 1.0" in message
    assert "Mnemonic" in message and "duplicated note type" in message and "un-updated" in message
    assert "version: 2.0" in message
    assert (deck / "dist/nlp-llm-interview.apkg").read_bytes() == before  # nothing overwritten

    # CSS and template HTML are not part of the schema.
    styled = tmp_path / "styled"
    copytree(NOTETYPE_DIR, styled)
    (styled / "style.css").write_text((styled / "style.css").read_text(encoding="utf-8") + "\n.x { }\n", encoding="utf-8")
    assert pipeline.check(options(deck / "content", notetype_dir=styled)).ok

    # A deliberate breaking release: a new major version, and the note type gets a new name and id.
    write(deck / "content/deck.yaml", "version: '2.0'\n", later(deck, 60))
    result = pipeline.package_deck(options(deck / "content", out=deck / "dist/nlp-llm-interview.apkg", notetype_dir=notetype))
    assert result.ok, result.problems


def test_bad_release_records_give_clear_errors(project, capsys):
    write(project / "content/01-basics.yaml", CHAPTER_ONE, T0)
    code, _, err = run(capsys)
    assert code == 0
    assert "content/release.lock.json: warning: no release record yet: every card counts as new" in err

    (project / "content/release.lock.json").write_text('{"format": 1,\n "notes": {,}}\n', encoding="utf-8")
    code, _, err = run(capsys)
    assert code == 1
    assert "content/release.lock.json:2: release record is not valid JSON" in err
    assert "Traceback" not in err

    (project / "content/release.lock.json").write_text('{"format": 1, "version": "1.0", "notes": {}}\n',
                                                        encoding="utf-8")
    code, _, err = run(capsys)
    assert code == 1
    assert "content/release.lock.json: release record is damaged (KeyError: 'notetype')" in err

    code, _, err = run(capsys, "--release")  # the same version again
    assert code == 1


def test_an_uncommitted_edit_reaches_the_user_and_only_that_note_moves(project, capsys):
    write(project / "content/01-basics.yaml", CHAPTER_ONE, T0)
    write(project / "content/deck.yaml", "version: '1.0'\n", T0)
    git = ["git", "-c", "user.name=a", "-c", "user.email=a@b", "-C", str(project)]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "content"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "one", "--date", f"@{T0}"], check=True,
                   env={"GIT_COMMITTER_DATE": f"@{T0}", "PATH": "/usr/bin:/bin"})
    assert run(capsys, "--release")[0] == 0
    released = json.loads((project / "content/release.lock.json").read_text(encoding="utf-8"))["notes"]

    edit_time = later(project, 3600)
    write(project / "content/01-basics.yaml", CHAPTER_ONE.replace("回答 B。", "回答 B（改）。"), edit_time)
    result = pipeline.package_deck(options(project / "content", out=project / "dist/deck.apkg"))
    assert result.ok
    assert result.note_times["card-a"] == released["card-a"]["mtime"]
    assert result.note_times["card-b"] == edit_time


def test_breaking_release_gets_a_new_note_type_and_the_documented_migration_works(project, capsys, tmp_path,
                                                                                   open_collection, monkeypatch):
    # Builds stamped in 2023, so that the user's own changes in Anki (stamped now) are clearly newer.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    deck = release_and_import(project, capsys)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0 + 3600))
    notetype = tmp_path / "notetype"
    copytree(NOTETYPE_DIR, notetype)
    spec = yaml.safe_load((notetype / "notetype.yaml").read_text(encoding="utf-8"))
    spec["fields"].insert(spec["fields"].index("ID"), "Mnemonic")
    (notetype / "notetype.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    write(deck / "content/deck.yaml", "version: '2.0'\n", later(deck, 60))
    write(deck / "content/01-basics.yaml", CHAPTER_ONE.replace("回答 A。", "回答 A（v2）。"), later(deck, 60))
    apkg = deck / "dist/nlp-llm-interview.apkg"
    assert pipeline.release(options(deck / "content", out=apkg, notetype_dir=notetype)).ok

    col = open_collection(deck / "col.anki2")
    card_b = review(col, note_of(col, "card-b"))
    col.close()
    log = import_package(deck / "col.anki2", apkg)
    assert (len(log.updated), len(log.conflicting)) == (0, 3)  # what users see before migrating

    # README: Browse → note:"<old type>" → Change Note Type to the v2 type, then import again with
    # "update notes: always" (changing the type stamps the notes with the current time).
    col = open_collection(deck / "col.anki2")
    col.models._clear_cache()
    types = {m.name: m.id for m in col.models.all_names_and_ids()}
    old, new = types[spec["name"]], types[f"{spec['name']} v2"]
    request = col.models.change_notetype_info(old_notetype_id=old, new_notetype_id=new).input
    request.note_ids.extend(col.models.nids(old))
    col.models.change_notetype_of_notes(request)
    col.close()
    log = import_package(deck / "col.anki2", apkg)
    assert (len(log.updated), len(log.conflicting)) == (0, 0)  # the default skips them: they look newer
    log = import_package(deck / "col.anki2", apkg, update_notes=ALWAYS)
    assert ids(log.updated) == ["card-a", "card-b", "card-c"]
    col = open_collection(deck / "col.anki2")
    assert note_of(col, "card-a")["Answer"] == "<p>回答 A（v2）。</p>"
    assert col.get_card(card_b.id).ivl == card_b.ivl  # reviews survived the migration
    assert col.db.scalar("select count() from revlog") == 1


# Per-note times between releases (and in a deck never released): remembered from the last build.

def twelve_cards(edited: dict[int, str] | None = None) -> str:
    edited = edited or {}
    cards = "".join(f"""
  - id: card-{k:02d}
    question: 问题 {k}？
    answer: {edited.get(k, f"回答 {k}。")}
""" for k in range(1, 13))
    return "chapter: 十二张\ncards:" + cards


def package_times(apkg) -> dict[str, int]:
    """Each note's modification time in the package, by card id."""
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as scratch:
        archive.extract("collection.anki2", scratch)
        connection = sqlite3.connect(Path(scratch) / "collection.anki2")
        rows = dict(connection.execute("select guid, mod from notes"))
        connection.close()
    return {f"card-{k:02d}": rows[note_guid(f"card-{k:02d}")] for k in range(1, 13)}


def source_times_after_the_code(count: int) -> list[int]:
    """Times for the content edits: after the builder's own time (an input of every note) and
    before now, as real edits are, so that a user's edit in Anki is later than all of them."""
    code = SourceTimes([NOTETYPE_DIR, PACKAGE_DIR]).of([NOTETYPE_DIR, PACKAGE_DIR])
    if time.time() < code + 2 * count + 2:
        time.sleep(code + 2 * count + 2 - time.time())
    return [code + 2 * (k + 1) for k in range(count)]


def import_twelve_then_edit_one_in_anki(project, capsys, open_collection, first_time: int, *build_args):
    """Build twelve cards in one file, import them, and give card-05 a user's own note in Anki."""
    chapter = write(project / "content/01-twelve.yaml", twelve_cards(), first_time)
    apkg = project / "dist/nlp-llm-interview.apkg"
    assert run(capsys, *build_args)[0] == 0
    assert len(import_package(project / "col.anki2", apkg).new) == 12
    col = open_collection(project / "col.anki2")
    own = note_of(col, "card-05")
    own["Detail"] = "我自己的助记"
    col.update_note(own)
    col.close()
    return chapter, apkg


def test_without_a_release_an_edit_updates_only_its_note(project, capsys, open_collection):
    t1, t2, t3 = source_times_after_the_code(3)
    chapter, apkg = import_twelve_then_edit_one_in_anki(project, capsys, open_collection, t1)

    write(chapter, twelve_cards({1: "改过的回答 1。"}), t2)
    log = rebuild_and_import(project, capsys)
    assert ids(log.updated) == ["card-01"] and not log.new
    col = open_collection(project / "col.anki2")
    assert note_of(col, "card-05")["Detail"] == "我自己的助记"  # another note of the same file kept its edit
    col.close()

    write(chapter, twelve_cards({1: "改过的回答 1。", 2: "改过的回答 2。"}), t3)
    log = rebuild_and_import(project, capsys)
    assert ids(log.updated) == ["card-02"]  # card-01, changed before, is not re-dated
    imported = package_times(apkg)

    # State lost (deleted cache, a new machine): notes are dated from their file again, never earlier.
    (project / ".deckbuilder-cache" / "note-times.json").unlink()
    log = rebuild_and_import(project, capsys)
    rebuilt = package_times(apkg)
    assert all(rebuilt[card] >= imported[card] for card in imported), (imported, rebuilt)
    col = open_collection(project / "col.anki2")
    assert note_of(col, "card-05")["Detail"] == "我自己的助记"
    assert note_of(col, "card-02")["Answer"] == "<p>改过的回答 2。</p>"
    col.close()
    # Nothing was skipped: the next edit reaches the user even after the state was lost.
    write(chapter, twelve_cards({1: "再改的回答 1。", 2: "改过的回答 2。"}), t3 + 1)
    log = rebuild_and_import(project, capsys)
    assert ids(log.updated) == ["card-01"]


def test_after_a_release_losing_the_state_keeps_users_edits_of_unchanged_notes(project, capsys, open_collection):
    t1, t2, t3 = source_times_after_the_code(3)
    write(project / "content/deck.yaml", "version: '1.0'\n", t1)
    chapter, apkg = import_twelve_then_edit_one_in_anki(project, capsys, open_collection, t1, "--release")

    write(chapter, twelve_cards({1: "改过的回答 1。"}), t2)
    assert ids(rebuild_and_import(project, capsys).updated) == ["card-01"]
    write(chapter, twelve_cards({1: "改过的回答 1。", 2: "改过的回答 2。"}), t3)
    assert ids(rebuild_and_import(project, capsys).updated) == ["card-02"]
    imported = package_times(apkg)

    rmtree(project / ".deckbuilder-cache")
    log = rebuild_and_import(project, capsys)
    assert ids(log.updated) == ["card-01"]  # at worst a note changed since the release updates once more
    rebuilt = package_times(apkg)
    assert all(rebuilt[card] >= imported[card] for card in imported)
    col = open_collection(project / "col.anki2")
    assert note_of(col, "card-05")["Detail"] == "我自己的助记"
    col.close()


def test_same_state_same_package(project, capsys):
    t1, t2 = source_times_after_the_code(2)
    chapter = write(project / "content/01-twelve.yaml", twelve_cards(), t1)
    apkg = project / "dist/nlp-llm-interview.apkg"
    assert run(capsys)[0] == 0
    write(chapter, twelve_cards({3: "改过。"}), t2)
    state = project / ".deckbuilder-cache" / "note-times.json"
    saved = state.read_bytes()
    assert run(capsys)[0] == 0
    first = apkg.read_bytes()
    state.write_bytes(saved)
    assert run(capsys)[0] == 0
    assert apkg.read_bytes() == first
    # no state at all: exactly what a clean clone builds
    assert run(capsys, "--no-cache")[0] == 0
    without = apkg.read_bytes()
    rmtree(project / ".deckbuilder-cache")
    assert run(capsys)[0] == 0
    assert apkg.read_bytes() == without
