"""The runner: one function per mode (check, preview, package, release) over one ``Options``.

Every mode starts with ``prepare`` (load with the release record and the removals, validate, the
id and schema checks); then the stages run in order, each taking the model objects of the one
before: render → package → the record. Only this module knows the order, the stage cache and the
note-time policy; the stages import the model, never each other.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import PACKAGE_DIR, changes, load, package, preview as site, record, validate
from .files import write_text_atomically
from .media import media_files
from .mediacheck import media_problems
from .model import (Chapter, DeckSettings, PackagedNote, ReleaseRecord, RemovedCard, Removals, RenderedCard,
                    SourceFile)
from .notetimes import LastBuild, content_key, note_time
from .notetype import NOTETYPE_DIR, NoteType, load_notetype
from .problems import WARNING, Problem, display_path, errors
from .render import Renderer
from .stagecache import StageCache
from .timestamps import SourceTimes, epoch_problem
from .vocabulary import read_vocabulary, removed_tag_for

CHANGES_FILE = "CHANGES.md"
CACHE_FILE = "build-cache.sqlite3"


@dataclass(frozen=True)
class Options:
    content_dir: Path
    media_dir: Path
    out: Path | None = None  # the package; default dist/<deck slug>.apkg
    # Where validated chapters, rendered cards and the last build's note times are kept between
    # package builds; None reads, checks and renders everything. check and preview never use it.
    cache_dir: Path | None = None
    notetype_dir: Path = NOTETYPE_DIR
    preview_dir: Path = Path("preview")
    mathjax: str | None = None  # the preview's MathJax: a path or URL; None looks for the local copy


@dataclass
class BuildResult:
    problems: list[Problem]
    deck: DeckSettings | None = None
    chapters: list[Chapter] = field(default_factory=list)
    media_count: int = 0
    out: Path | None = None  # the package, when one was written
    preview_pages: list[Path] = field(default_factory=list)
    timestamp: int = 0  # the note type's modification time
    note_times: dict[str, int] = field(default_factory=dict)
    changes: changes.Changes | None = None  # relative to the last release
    record: Path | None = None  # the release record, when release wrote one

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


@dataclass
class Prepared:
    """The validated content with what the release record says of it."""

    result: BuildResult
    deck: DeckSettings
    chapters: list[Chapter]
    notetype: NoteType
    record: ReleaseRecord | None
    removals: Removals
    removed: list[RemovedCard]  # released cards no longer in the content: packaged as notices
    description: str  # the deck description's HTML


def prepare(options: Options, cache: StageCache | None = None) -> Prepared | BuildResult:
    """Load and validate everything, with the checks against the release record; a BuildResult
    when there is nothing to validate."""
    content_dir = options.content_dir
    if not content_dir.is_dir():
        return BuildResult([Problem(str(content_dir.resolve()), 0, "content directory not found "
                                                                   "(give its path with --content)")])
    epoch = epoch_problem()
    if epoch:
        return BuildResult([Problem("SOURCE_DATE_EPOCH", 0, epoch)])
    sources = load.read_sources(content_dir)
    problems = sources.problems
    deck, deck_problems = validate.deck_settings(sources.deck, _parse(sources.deck, problems))
    vocabulary, vocabulary_problems = read_vocabulary(sources.vocabulary, _parse(sources.vocabulary, problems))
    problems += deck_problems + vocabulary_problems

    def validated(source: SourceFile) -> tuple[Chapter | None, list[Problem]]:
        file_problems: list[Problem] = []
        root = _parse(source, file_problems)
        if root is None:
            return None, file_problems
        chapter, chapter_problems = validate.chapter(source, root, deck, vocabulary)
        return chapter, file_problems + chapter_problems

    chapters = []
    for source in sources.chapters:
        chapter, chapter_problems = cache.validated(source, lambda: validated(source)) if cache else validated(source)
        problems += chapter_problems
        if chapter is not None:
            chapters.append(chapter)
    problems += validate.cross_check(chapters)

    notetype = load_notetype(options.notetype_dir).for_major_version(deck.major)
    saved, record_problems = record.read_record(content_dir)
    removals, removal_problems = record.read_removals(sources.removals, _parse(sources.removals, problems))
    cards = [card for chapter in chapters for card in chapter.cards]
    problems += record_problems + removal_problems + record.check_ids(saved, removals, cards)
    problems += record.check_schema(saved, notetype, deck.version, options.notetype_dir / "notetype.yaml")
    problems += media_problems(options.media_dir)
    description = ""
    if deck.description is not None:  # Markdown too: the same safety and image checks as a card
        rendered = Renderer(deck, options.media_dir).render_text(deck.description, deck.path)
        problems += rendered.problems
        description = rendered.html
    removed = record.removed_cards(saved, {card.id for card in cards}, removals, deck.tag_prefix,
                                   content_dir / record.RELEASE_FILE)
    return Prepared(BuildResult(problems, deck, chapters), deck, chapters, notetype, saved, removals, removed,
                    description)


def check(options: Options) -> BuildResult:
    """Validate and render everything and compare with the last release; write nothing."""
    prepared = prepare(options)
    if isinstance(prepared, BuildResult):
        return prepared
    written = [replace(note, fields=()) for removed, notes in _packaged(prepared, options, None) if not removed
               for note in notes]
    prepared.result.changes = changes.compare(prepared.record, written, prepared.removals.reasons)
    return prepared.result


def preview(options: Options) -> BuildResult:
    """The study site in ``options.preview_dir`` instead of the package."""
    prepared = prepare(options)
    if isinstance(prepared, BuildResult):
        return prepared
    result, renderer = prepared.result, Renderer(prepared.deck, options.media_dir)
    rendered = []
    for chapter in prepared.chapters:
        cards, problems = renderer.render_chapter(chapter)
        rendered.append(cards)
        result.problems += problems
    _count_media(result, options.media_dir, {name for cards in rendered for card in cards for name in card.media})
    mathjax = site.MathJaxSource.choose(options.mathjax, options.content_dir.resolve().parent)
    if mathjax.local is not None and not mathjax.local.is_file():
        result.problems.append(Problem(display_path(mathjax.local), 0, "no MathJax here: give --mathjax the path "
                                                                       "of tex-chtml-full.js (MathJax 3.2.2) or a URL"))
    elif mathjax.local is None and options.mathjax is None:
        result.problems.append(Problem(display_path(options.content_dir.resolve().parent / site.LOCAL_MATHJAX), 0,
                                       "no local MathJax (cd tests/browser && npm ci, or --mathjax PATH): the preview "
                                       f"loads it from {site.DEFAULT_MATHJAX} and needs a network", WARNING))
    if result.ok:
        try:
            result.preview_pages = site.write_preview(options.preview_dir, prepared.deck, prepared.description,
                                                      prepared.chapters, rendered, prepared.notetype,
                                                      options.media_dir, mathjax)
        except OSError as err:  # an unwritable folder, a full disk
            result.problems.append(Problem(display_path(Path(err.filename or options.preview_dir)), 0,
                                           f"cannot write the preview: {err.strerror or err}"))
    return result


def package_deck(options: Options) -> BuildResult:
    """The package, and beside it CHANGES.md; the cache and the note times after it."""
    return _write_package(options, cut_release=False)


def release(options: Options) -> BuildResult:
    """The package, recorded as the new release in the content's release.lock.json."""
    return _write_package(options, cut_release=True)


def _write_package(options: Options, cut_release: bool) -> BuildResult:
    cache = StageCache.open(options.cache_dir / CACHE_FILE, options.media_dir, options.content_dir) \
        if options.cache_dir is not None else None
    try:
        prepared = prepare(options, cache)
        if isinstance(prepared, BuildResult):
            return prepared
        result, deck = prepared.result, prepared.deck
        if cut_release and prepared.record is not None and prepared.record.version == deck.version:
            result.problems.append(Problem(display_path(deck.path or options.content_dir / load.DECK_FILE), 0,
                                           f"version {deck.version} is already released: set a new 'version' in "
                                           "deck.yaml before --release (a new major version only for a breaking "
                                           "release)"))
        # The renderer's code and the templates are inputs of every note: a change in them changes the HTML.
        code_inputs = [options.notetype_dir, PACKAGE_DIR]
        times = SourceTimes([options.content_dir, options.media_dir, *code_inputs])
        result.timestamp = times.of(code_inputs)
        last_build = LastBuild.read(options.cache_dir, options.content_dir)
        target = options.out or Path("dist") / f"{deck.slug}.apkg"
        return _write(prepared, options, cache, times, code_inputs, last_build, target, cut_release)
    finally:
        if cache is not None:
            cache.close()


def _write(prepared: Prepared, options: Options, cache: StageCache | None, times: SourceTimes,
           code_inputs: list[Path], last_build: LastBuild, target: Path, cut_release: bool) -> BuildResult:
    result, deck, notetype = prepared.result, prepared.deck, prepared.notetype
    decks = [deck.subdeck_name(chapter) for chapter in prepared.chapters]
    decks += [card.deck for card in prepared.removed]
    writer = package.PackageWriter(deck, prepared.description, notetype, decks, result.timestamp)
    try:
        written: list[PackagedNote] = []
        notices: list[PackagedNote] = []
        for removed, notes in _packaged(prepared, options, cache):
            # Chapter by chapter: only one chapter's HTML is in memory at a time.
            for note in notes:
                result.note_times[note.id] = note_time(note, prepared.record, times, code_inputs,
                                                       [options.content_dir], last_build, notetype.id)
            if result.ok:
                writer.add([(note, result.note_times[note.id]) for note in notes])
            (notices if removed else written).extend(replace(note, fields=()) for note in notes)
        result.changes = changes.compare(prepared.record, written, prepared.removals.reasons)
        if not result.ok:
            return result
        try:
            writer.finish(target)
        except OSError as err:  # unwritable folder, full disk: the last good package is still in place
            result.problems.append(Problem(display_path(target), 0, f"cannot write the package: {err.strerror or err}"))
            return result
    finally:
        writer.close()
    result.out = target
    if cache is not None:
        cache.save()
    last_build.write({note.id: (content_key(note.hash, notetype.id), result.note_times[note.id])
                      for note in written + notices})
    try:
        write_text_atomically(target.parent / CHANGES_FILE,
                              changes.markdown(result.changes, deck.version, removed_tag_for(deck.tag_prefix)))
        if cut_release:
            result.record = record.write_record(options.content_dir, record.new_record(
                deck.version, notetype, written + notices, result.note_times))
    except OSError as err:
        result.problems.append(Problem(display_path(Path(err.filename or options.content_dir)), 0,
                                       f"cannot write: {err.strerror or err}"))
    return result


def _packaged(prepared: Prepared, options: Options,
              cache: StageCache | None) -> Iterator[tuple[bool, list[PackagedNote]]]:
    """(whether they are removal notices, the notes) of each chapter and each old subdeck in turn,
    rendered and made into notes; the render problems and the media count go into the result."""
    deck, result = prepared.deck, prepared.result
    renderer = Renderer(deck, options.media_dir)
    render_chapter: Callable[[Chapter], tuple[list[RenderedCard], list[Problem]]] = renderer.render_chapter
    if cache is not None:
        render_chapter = lambda chapter: cache.rendered(chapter, deck.slug, renderer.render_card)  # noqa: E731
    used: set[str] = set()
    for chapter in prepared.chapters:
        cards, problems = render_chapter(chapter)
        result.problems += problems
        used.update(name for card in cards for name in card.media)
        yield False, package.packaged_notes(deck.subdeck_name(chapter), cards, prepared.notetype,
                                            options.media_dir, deck.slug)
    _count_media(result, options.media_dir, used)
    by_deck: dict[str, list[RenderedCard]] = {}
    for card in prepared.removed:
        by_deck.setdefault(card.deck, []).append(renderer.render_notice(card))
    for deck_name, notices in by_deck.items():
        yield True, package.packaged_notes(deck_name, notices, prepared.notetype, options.media_dir, deck.slug)


def _count_media(result: BuildResult, media_dir: Path, used: set[str]) -> None:
    result.media_count = len(used)
    result.problems += [Problem(display_path(media_dir / name), 0, "media file is not used by any card", WARNING)
                        for name in media_files(media_dir) if name not in used]


def _parse(source: SourceFile | None, problems: list[Problem]):
    if source is None:
        return None
    root, parse_problems = load.parse(source)
    problems += parse_problems
    return root
