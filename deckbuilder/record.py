"""The release record (content/release.lock.json) and the removal list (content/removed.yaml).

The record is what users' collections hold: for every note ever released, its content hash,
modification time, subdeck, tags and question, plus the note type's field and template names.
Normal builds only read it, to keep the time of every note that did not change (so a re-import
leaves those notes, and users' own edits of them, alone) and to know which cards left the deck.
``--release`` rewrites it. Removed ids stay in it for good: an id is never reused.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from . import schema
from .files import write_text_atomically
from .model import (Card, Node, NoteRecord, NotetypeRecord, PackagedNote, ReleaseRecord, RemovedCard, Removals,
                    SourceFile, Text, major_version)
from .notetype import NoteType
from .problems import WARNING, Problem, display_path
from .vocabulary import removed_tag_for

RELEASE_FILE = "release.lock.json"
REMOVALS_NAME = "removed.yaml"
FORMAT = 1


def read_record(content_dir: Path) -> tuple[ReleaseRecord | None, list[Problem]]:
    path = content_dir / RELEASE_FILE
    where = display_path(path)
    if not path.exists():
        return None, [Problem(where, 0, "no release record yet: every card counts as new; "
                                        "run `python build_deck.py --release` when you cut the first release",
                              WARNING)]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(where, 0, "release record is not valid UTF-8; restore it from git")]
    except json.JSONDecodeError as err:
        return None, [Problem(where, err.lineno, f"release record is not valid JSON ({err.msg}); "
                                                 "restore it from git (`git checkout -- <file>`)")]
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"unknown format {data['format']!r}")
        notetype = NotetypeRecord(str(data["notetype"]["name"]), tuple(data["notetype"]["fields"]),
                                  tuple(data["notetype"]["templates"]))
        notes = {str(id_): NoteRecord(str(n["hash"]), int(n["mtime"]), str(n["deck"]), tuple(n["tags"]),
                                      str(n["question"]), bool(n.get("removed", False)), str(n.get("reason", "")))
                 for id_, n in data["notes"].items()}
        return ReleaseRecord(str(data["version"]), notetype, notes), []
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        return None, [Problem(where, 0, f"release record is damaged ({type(err).__name__}: {err}); "
                                        "restore it from git")]


def write_record(content_dir: Path, record: ReleaseRecord) -> Path:
    """Atomically, with sorted keys and one note per block, so that git diffs stay readable."""
    data = {"format": FORMAT, "version": record.version, "notetype": asdict(record.notetype),
            "notes": {id_: _note_json(note) for id_, note in sorted(record.notes.items())}}
    path = content_dir / RELEASE_FILE
    write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path


def _note_json(note: NoteRecord) -> dict:
    data = asdict(note)
    if not note.removed:
        del data["removed"], data["reason"]
    return data


def read_removals(source: SourceFile | None, root: Node | None) -> tuple[Removals, list[Problem]]:
    if source is None or root is None:
        return Removals(), []
    fields, problems = schema.check(root, schema.REMOVALS, display_path(source.path))
    if fields is None:
        return Removals(path=source.path), problems
    reasons: dict[str, str] = {}
    restored: set[str] = set()
    lines: dict[str, int] = {}
    removed = fields.get("removed")
    for id_, id_line in removed.key_lines.items() if removed is not None else ():
        reason = removed.value[id_]
        reasons[id_] = reason.value.strip() if reason.is_text else ""
        lines[id_] = id_line
    for item in fields["restored"].value if "restored" in fields else ():
        if not item.is_text:
            problems.append(Problem(display_path(source.path), item.line, "'restored' is a list of card ids"))
            continue
        restored.add(item.value)
        lines[item.value] = item.line
    return Removals(reasons, frozenset(restored), lines, source.path), problems


def removed_cards(record: ReleaseRecord | None, present: set[str], removals: Removals,
                  tag_prefix: str, record_path: Path) -> list[RemovedCard]:
    """Every released card that is no longer in the content: it stays in the package as a notice."""
    removed_tag = removed_tag_for(tag_prefix)
    return [RemovedCard(card_id, Text(old.question, 0), old.deck, removals.reasons.get(card_id, old.reason),
                        (removed_tag,), record_path)
            for card_id, old in sorted((record.notes if record else {}).items()) if card_id not in present]


def check_ids(record: ReleaseRecord | None, removals: Removals, cards: list[Card]) -> list[Problem]:
    """Ids are never reused; a removed id comes back only when restored on purpose."""
    problems = []
    released = record.notes if record else {}
    present = {card.id for card in cards}
    for card in cards:
        old = released.get(card.id)
        if old is not None and old.removed and card.id not in removals.restored:
            problems.append(Problem(display_path(card.path), card.line, (
                f"card id '{card.id}' was removed in release {record.version}, and ids are never reused: "
                f"give this card a new id, or, if you are restoring the removed card on purpose, "
                f"list '{card.id}' under 'restored:' in content/{REMOVALS_NAME}")))
    where = display_path(removals.path) if removals.path else REMOVALS_NAME
    for card_id in sorted(removals.reasons):
        if card_id in present:
            problems.append(Problem(where, removals.lines[card_id], f"card '{card_id}' is listed under "
                                                                    "'removed:' but is still in the content"))
    for card_id in sorted(removals.restored):
        if card_id not in present:
            problems.append(Problem(where, removals.lines[card_id], f"card '{card_id}' is listed under "
                                                                    "'restored:' but is not in the content"))
        elif card_id not in released or not released[card_id].removed:
            problems.append(Problem(where, removals.lines[card_id], f"'{card_id}' is not a removed card; "
                                                                    "this 'restored:' entry can go", WARNING))
    return problems


def check_schema(record: ReleaseRecord | None, notetype: NoteType, version: str, notetype_file: Path) -> list[Problem]:
    """A field or template change strands every user's notes; allow it only as a breaking release."""
    if record is None:
        return []
    fields = tuple(notetype.fields)
    templates = tuple(name for name, _, _ in notetype.templates)
    if (fields, templates) == (record.notetype.fields, record.notetype.templates):
        return []
    new_major, old_major = major_version(version), major_version(record.version)
    if new_major > old_major:
        return []
    what = []
    if fields != record.notetype.fields:
        what.append(f"fields {', '.join(record.notetype.fields)} → {', '.join(fields)}")
    if templates != record.notetype.templates:
        what.append(f"templates {', '.join(record.notetype.templates)} → {', '.join(templates)}")
    return [Problem(display_path(notetype_file), 0, (
        f"the note type changed since release {record.version} ({'; '.join(what)}). Users who import "
        f"this deck would get a duplicated note type ('{record.notetype.name}+') and every note they "
        "already have would be left un-updated (the import log counts them as conflicting). Undo the "
        f"change, or make a deliberate breaking release: bump the major version in deck.yaml "
        f"(version: {old_major + 1}.0), which gives the note type a new name and id (see README, 更新约定)"))]


def new_record(version: str, notetype: NoteType, notes: list[PackagedNote], times: dict[str, int]) -> ReleaseRecord:
    """The record of this build as released (removal notices included: ids are never reused)."""
    records = {note.id: NoteRecord(note.hash, times[note.id], note.deck, tuple(note.tags), note.question,
                                   note.removed, note.reason)
               for note in notes}
    notetype_record = NotetypeRecord(notetype.name, tuple(notetype.fields), tuple(n for n, _, _ in notetype.templates))
    return ReleaseRecord(version, notetype_record, records)
