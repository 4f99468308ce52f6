"""The package: pinned note type, stable identities, reproducible bytes, atomic writes."""
import zipfile

import genanki
import shutil

import pytest

from conftest import run, write
from deckbuilder import package
from deckbuilder.notetype import load_notetype

CHAPTER = """
chapter: 基础
cards:
  - id: first
    question: 问题一 $x$
    answer: 回答一 ![](fig.svg)
  - id: second
    question: 问题二
    answer: 回答二
"""


def test_note_type_contract_is_pinned():
    # Changing any of these strands every user's notes on a copy of the note type.
    notetype = load_notetype()
    assert notetype.id == 1607392319
    assert notetype.fields == ("Question", "Answer", "Detail", "FollowUps", "Source", "ID")
    assert [name for name, _, _ in notetype.templates] == ["问答"]


def test_guid_is_genankis_hash_of_the_fixed_namespace_and_card_id():
    # The rule is published with the first release; changing it re-creates every user's notes.
    assert package.note_guid("attention-formula") == genanki.guid_for("nlp-llm-interview-deck", "attention-formula")
    assert package.note_guid("attention-formula") != package.note_guid("attention-scaling-sqrt-dk")


def test_two_builds_of_the_same_sources_are_byte_identical(project, capsys, monkeypatch):
    write(project / "content/01-a.yaml", CHAPTER)
    (project / "media/fig.svg").write_text("<svg/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(capsys, "--out", "one.apkg")[0] == 0
    assert run(capsys, "--out", "two.apkg")[0] == 0
    assert (project / "one.apkg").read_bytes() == (project / "two.apkg").read_bytes()

    with zipfile.ZipFile(project / "one.apkg") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["collection.anki2", "media", "0"]
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert all(i.external_attr == 0o644 << 16 for i in infos)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
        assert archive.read("media") == b'{"0": "nlp-llm-interview-fig.svg"}'


def test_source_date_epoch_changes_the_package(project, capsys, monkeypatch):
    write(project / "content/01-a.yaml", CHAPTER)
    (project / "media/fig.svg").write_text("<svg/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run(capsys, "--out", "one.apkg")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    run(capsys, "--out", "two.apkg")
    assert (project / "one.apkg").read_bytes() != (project / "two.apkg").read_bytes()


def test_interrupted_write_keeps_the_last_good_deck(project, capsys, monkeypatch):
    write(project / "content/01-a.yaml", CHAPTER)
    (project / "media/fig.svg").write_text("<svg/>")
    assert run(capsys)[0] == 0
    deck = project / "dist/nlp-llm-interview.apkg"
    good = deck.read_bytes()

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copyfileobj", crash)  # the copy of a file into the zip, half way
    with pytest.raises(KeyboardInterrupt):
        run(capsys)
    assert deck.read_bytes() == good
    assert sorted(p.name for p in deck.parent.iterdir()) == ["CHANGES.md", deck.name]  # no partial file left


def test_deck_ids_are_derived_from_names():
    assert package.deck_id("A::B") == package.deck_id("A::B")
    assert package.deck_id("A::B") != package.deck_id("A::C")
    assert package.deck_id("A") > 1
