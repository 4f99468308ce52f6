"""The whole pipeline as one call: load -> validate -> render -> package (-> release record)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import PACKAGE_DIR, changes, load, media, package, preview, release, render, rendercache, validate
from .files import write_text_atomically
from .mediacheck import media_problems
from .notetimes import LastBuild, content_key
from .notetype import NOTETYPE_DIR, load_notetype
from .problems import WARNING, Problem, display_path, errors
from .timestamps import SourceTimes, epoch_problem
from .vocabulary import removed_tag_for

CHANGES_FILE = "CHANGES.md"
CACHE_FILE = "build-cache.sqlite3"


@dataclass
class BuildResult:
    problems: list[Problem]
    deck: validate.DeckSettings | None = None
    chapters: list[validate.Chapter] = field(default_factory=list)
    media_count: int = 0
    out: Path | None = None  # the package, when one was written
    preview_pages: list[Path] = field(default_factory=list)
    timestamp: int = 0  # the note type's modification time
    note_times: dict[str, int] = field(default_factory=dict)
    changes: changes.Changes | None = None  # relative to the last release
    record: Path | None = None  # the release record, when --release wrote one

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def build(content_dir: Path, media_dir: Path, out: Path | None, check_only: bool = False,
          notetype_dir: Path = NOTETYPE_DIR, preview_dir: Path | None = None,
          mathjax_url: str | None = None, cut_release: bool = False,
          cache_dir: Path | None = None) -> BuildResult:
    """Validate and render everything; then write the preview if asked, else the package unless
    check_only; with cut_release, also record the package as the new release.

    ``cache_dir``: where validated chapters and rendered cards are kept between package builds
    (see rendercache.py); None reads, checks and renders everything. --check and --preview never
    read or write it, and it is written only after the package.
    """
    if not content_dir.is_dir():
        return BuildResult([Problem(str(content_dir.resolve()), 0, "content directory not found "
                                                                   "(give its path with --content)")])
    epoch = epoch_problem()
    if epoch:
        return BuildResult([Problem("SOURCE_DATE_EPOCH", 0, epoch)])
    cache = None
    if cache_dir is not None and not check_only and preview_dir is None:
        cache = rendercache.RenderCache.open(cache_dir / CACHE_FILE, media_dir, content_dir)
    sources = load.load_sources(content_dir, reuse=cache.chapter if cache is not None else None)
    deck, chapters, problems = validate.validate(sources)
    if cache is not None:
        cache.keep_chapters(chapters, problems)
    problems += media_problems(media_dir)
    renderer = render.Renderer(deck, media_dir)
    if deck.description is not None:  # the deck description is Markdown too: same safety and image checks
        problems += renderer.render_text(deck.description, deck.path or content_dir / load.DECK_FILE).problems
    notetype = load_notetype(notetype_dir).for_major_version(deck.major)
    result = BuildResult(problems, deck, chapters)
    if preview_dir is not None:
        rendered, render_problems = renderer.render_chapters(chapters)
        used = {name for cards in rendered for card in cards for name in card.media}
        problems += render_problems + _unused_media(media_dir, used)
        result.media_count = len(used)
        mathjax = preview.MathJaxSource.choose(mathjax_url, content_dir.resolve().parent)
        if mathjax.local is not None and not mathjax.local.is_file():
            problems.append(Problem(display_path(mathjax.local), 0, "no MathJax here: give --mathjax the path of "
                                                                    "tex-chtml-full.js (MathJax 3.2.2) or a URL"))
        elif mathjax.local is None and mathjax_url is None:
            problems.append(Problem(display_path(content_dir.resolve().parent / preview.LOCAL_MATHJAX), 0,
                                    "no local MathJax (cd tests/browser && npm ci, or --mathjax PATH): the preview "
                                    f"loads it from {preview.DEFAULT_MATHJAX} and needs a network", WARNING))
        if result.ok:
            result.preview_pages = preview.write_preview(preview_dir, deck, chapters, rendered, notetype, media_dir,
                                                         mathjax)
        return result

    record, record_problems = release.read_record(content_dir)
    removals, removal_problems = release.read_removals(sources.removals)
    cards = [card for chapter in chapters for card in chapter.cards]
    problems += record_problems + removal_problems + release.check_ids(record, removals, cards)
    problems += release.check_schema(record, notetype, deck.version, notetype_dir / "notetype.yaml")
    if cut_release and record is not None and record.version == deck.version:
        problems.append(Problem(display_path(deck.path or content_dir / load.DECK_FILE), 0,
                                f"version {deck.version} is already released: set a new 'version' in deck.yaml "
                                "before --release (a new major version only for a breaking release)"))
    notices = _removal_notices(record, {card.id for card in cards}, removals, renderer, notetype, deck)

    # Each chapter is rendered and its notes written into the package at once, so that only one
    # chapter's HTML is in memory; what the rest of the build needs of a note is kept without it.
    writer = times = None
    last_build = LastBuild.read(cache_dir if not check_only else None, content_dir)
    packaged: dict[str, tuple[str, int]] = {}
    # The renderer's code and the templates are inputs of every note: a change in them changes the HTML.
    code_inputs = [notetype_dir, PACKAGE_DIR]
    if not check_only and result.ok:
        times = SourceTimes([content_dir, media_dir, *code_inputs])
        result.timestamp = times.of(code_inputs)
        decks = [package.subdeck_name(deck, chapter) for chapter in chapters] + [n.deck for n in notices]
        writer = package.PackageWriter(deck, notetype, decks, result.timestamp)
    try:
        written: list[package.PackagedNote] = []
        rendered_media: set[str] = set()
        for chapter in chapters:
            rendered, render_problems = renderer.render_chapter(chapter, cache)
            problems += render_problems
            rendered_media.update(name for card in rendered for name in card.media)
            notes = package.packaged_notes(deck, chapter, rendered, notetype, media_dir)
            if writer is not None and result.ok:
                _write(writer, notes, record, times, code_inputs, content_dir, result, last_build, packaged, notetype.id)
            written += [replace(note, fields=()) for note in notes]
        problems += _unused_media(media_dir, rendered_media)
        result.media_count = len(rendered_media)
        result.changes = changes.compare(record, written, removals.reasons)
        if writer is None or not result.ok:
            return result
        _write(writer, notices, record, times, code_inputs, content_dir, result, last_build, packaged, notetype.id)
        target = out or Path("dist") / f"{deck.slug}.apkg"
        try:
            writer.finish(target)
        except OSError as err:  # unwritable folder, full disk: the last good package is still in place
            problems.append(Problem(display_path(target), 0, f"cannot write the package: {err.strerror or err}"))
            return result
        result.out = target
    finally:
        if writer is not None:
            writer.close()
    if cache is not None:
        cache.save()
    last_build.write(packaged)
    try:
        write_text_atomically(result.out.parent / CHANGES_FILE,
                              changes.markdown(result.changes, deck.version, removed_tag_for(deck.tag_prefix)))
        if cut_release:
            result.record = release.write_record(content_dir, release.new_record(
                deck.version, notetype, written + notices, result.note_times))
    except OSError as err:
        problems.append(Problem(display_path(Path(err.filename or content_dir)), 0, f"cannot write: {err.strerror or err}"))
    return result


def _write(writer: package.PackageWriter, notes: list[package.PackagedNote], record, times: SourceTimes,
           code_inputs: list[Path], content_dir: Path, result: BuildResult, last_build: LastBuild,
           packaged: dict[str, tuple[str, int]], notetype_id: int) -> None:
    for note in notes:
        key = content_key(note.hash, notetype_id)
        result.note_times[note.id] = release.note_time(note, record, times, code_inputs, [content_dir],
                                                       last_build.get(note.id), key)
        packaged[note.id] = (key, result.note_times[note.id])
    writer.add([(note, result.note_times[note.id]) for note in notes])


def _unused_media(media_dir: Path, used: set[str]) -> list[Problem]:
    return [Problem(display_path(media_dir / name), 0, "media file is not used by any card", WARNING)
            for name in media.media_files(media_dir) if name not in used]


def _removal_notices(record: release.ReleaseRecord | None, present: set[str], removals: release.Removals,
                     renderer: render.Renderer, notetype, deck: validate.DeckSettings) -> list[package.PackagedNote]:
    """Every released card that is no longer in the content stays in the package as a notice."""
    notices = []
    for card_id, old in sorted((record.notes if record else {}).items()):
        if card_id in present:
            continue
        reason = removals.reasons.get(card_id, old.reason)
        question = renderer.render_text(validate.Text(old.question, 0), deck.path or Path("."))
        notices.append(package.removal_notice(card_id, old.deck, old.question, question.html, reason,
                                              deck.tag_prefix, notetype))
    return notices
