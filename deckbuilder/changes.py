"""What changed since the last release, as users' collections will see it.

Four kinds: added, changed (same subdeck), moved to another subdeck (Anki keeps the card in its
old deck: the user has to move it), removed (packaged as a notice tagged ``...::removed``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import PackagedNote, ReleaseRecord

MOVED_ADVICE = ("Anki 导入时不会移动已有的卡片：导入后在浏览器中选中这些卡片，"
                "用「更改牌组」(Change Deck) 移到新子卡组。")


@dataclass
class Entry:
    id: str
    question: str
    note: str = ""  # e.g. the old and new subdeck, or the reason for a removal


@dataclass
class Changes:
    since: str | None  # the release these are relative to; None before the first release
    added: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    moved: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)

    def kinds(self) -> list[tuple[str, str, list[Entry]]]:
        return [("added", "新增", self.added), ("changed", "修改", self.changed),
                ("moved", "换了子卡组", self.moved), ("removed", "移除", self.removed)]


def compare(record: ReleaseRecord | None, notes: list[PackagedNote], removed_reasons: dict[str, str]) -> Changes:
    """``notes``: the cards of this build (removal notices excluded)."""
    changes = Changes(record.version if record else None)
    released = record.notes if record else {}
    current = {note.id for note in notes}
    for note in notes:
        old = released.get(note.id)
        question = _one_line(note.question)
        if old is None:
            changes.added.append(Entry(note.id, question))
        elif old.removed:
            changes.changed.append(Entry(note.id, question, "恢复 (restored)"))
        elif old.deck != note.deck:
            changes.moved.append(Entry(note.id, question, f"{old.deck} → {note.deck}"))
        elif old.hash != note.hash:
            changes.changed.append(Entry(note.id, question))
    for card_id, old in sorted(released.items()):
        if card_id not in current and not old.removed:
            changes.removed.append(Entry(card_id, _one_line(old.question), removed_reasons.get(card_id, "")))
    return changes


def report(changes: Changes) -> str:
    """Plain text for the terminal."""
    if changes.since is None:
        head = "no release yet: every card is new (run --release to record one)"
    else:
        head = f"changes since release {changes.since}:"
    lines = [head]
    marks = {"added": "+", "changed": "~", "moved": ">", "removed": "-"}
    for kind, _, entries in changes.kinds():
        lines.append(f"  {kind}: {len(entries)}")
        for entry in entries:
            lines.append(f"    {marks[kind]} {entry.id}  {entry.question}" + (f"  [{entry.note}]" if entry.note else ""))
        if kind == "moved" and entries:
            lines.append(f"    note: {MOVED_ADVICE}")
    return "\n".join(lines)


def markdown(changes: Changes, version: str, removed_tag: str) -> str:
    """dist/CHANGES.md: the summary to paste into release notes."""
    if changes.since is None:
        title = f"卡组 {version} 的变更（首次发布）"
    elif changes.since == version:  # a build after the release: what the next release will bring so far
        title = f"{version} 发布之后、尚未发布的变更"
    else:
        title = f"卡组 {version} 的变更（相对于 {changes.since}）"
    lines = [f"# {title}", "", "| 类别 | 数量 |", "|---|---|"]
    lines += [f"| {label} | {len(entries)} |" for _, label, entries in changes.kinds()]
    for _, label, entries in changes.kinds():
        if not entries:
            continue
        lines += ["", f"## {label}", ""]
        lines += [f"- `{e.id}` {e.question}" + (f"（{e.note}）" if e.note else "") for e in entries]
        if entries is changes.moved:
            lines += ["", MOVED_ADVICE]
        if entries is changes.removed:
            lines += ["", f"移除的卡片在导入后会带上标签 `{removed_tag}` 并显示移除说明；"
                          f"在浏览器中搜索 `tag:{removed_tag}` 后删除即可。"]
    return "\n".join(lines) + "\n"


def _one_line(markdown_text: str, width: int = 60) -> str:
    text = " ".join(markdown_text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
