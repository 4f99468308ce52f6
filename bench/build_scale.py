"""How the build's cost grows with the deck, against genanki alone and a plain Markdown script.

    pip install -e '.[bench]' && python bench/build_scale.py              # N = 1,000, 10,000, 50,000
    python bench/build_scale.py --sizes 1000,10000 --keep /tmp/scale     # quicker; keep the trees

For each N it writes a synthetic content tree (bench/synthetic.py) and times, in this run and on
the same tree, each step in a subprocess of its own (wall time, and peak RSS from wait4):

  (a) floor  the same YAML files loaded and written with genanki, no rendering at all
  (b) plain  Python-Markdown + pymdownx arithmatex/superfences/highlight + genanki, nothing else
  (c) cold   build_deck.py, with no render cache
  (d) edit   build_deck.py again after editing one card (the build cache from (c) in place)

and imports the (c) package into a fresh collection of the real Anki backend, failing unless
the note count is N. (a) and (b) read YAML with PyYAML's libyaml loader when it is there, like the build.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
TARGETS = {"c/b": 1.0, "d/a at 10k": 1.5, "growth 10k->50k": 5.5, "memory c/a at 50k": 2.0}


# ---- the reference scripts and the import check; each runs as `build_scale.py --step NAME ARG ARG` ----

def _load_chapters(content: Path) -> list[tuple[str, dict]]:
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [(path.stem, yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
            for path in sorted(content.glob("[0-9][0-9]-*.yaml"))]


def _write_package(content: Path, out: Path, render) -> None:
    import genanki
    model = genanki.Model(1607392319, "Bench", fields=[{"name": n} for n in
                                                       ("Question", "Answer", "Detail", "FollowUps",
                                                        "Source", "ID")],
                          templates=[{"name": "Card", "qfmt": "{{Question}}",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}])
    decks = []
    for index, (stem, chapter) in enumerate(_load_chapters(content)):
        deck = genanki.Deck(2059400110 + index, f"Bench::{chapter['chapter']}")
        for card in chapter["cards"]:
            followups = "".join(render(f if isinstance(f, str) else f["q"] + "\n\n" + f.get("a", ""))
                                for f in card.get("followups", []))
            fields = [render(card["question"]), render(card["answer"]), render(card.get("detail", "")),
                      followups, render(card.get("source", "")), card["id"]]
            tags = [f"bench::chapter::{stem}"] + [f"bench::{t}" for t in card.get("tags", [])]
            deck.add_note(genanki.Note(model=model, fields=fields, tags=tags,
                                       guid=genanki.guid_for("bench", card["id"])))
        decks.append(deck)
    media = [str(p) for p in sorted((content.parent / "media").glob("*"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # genanki warns about raw Markdown that looks like HTML
        genanki.Package(decks, media_files=media).write_to_file(str(out), timestamp=1700000000)


def step_floor(content: str, out: str) -> None:
    _write_package(Path(content), Path(out), lambda text: text)


def step_plain(content: str, out: str) -> None:
    import markdown
    md = markdown.Markdown(extensions=["tables", "pymdownx.arithmatex", "pymdownx.superfences",
                                       "pymdownx.highlight"],
                           extension_configs={"pymdownx.arithmatex": {"generic": True},
                                              "pymdownx.highlight": {"use_pygments": True}})

    def render(text: str) -> str:
        return md.reset().convert(text) if text else ""

    _write_package(Path(content), Path(out), render)


def step_import(apkg: str, cards: str) -> None:
    """Import into a fresh collection of the real Anki backend; fail unless every note arrived."""
    import anki.collection  # noqa: F401  (before anything from anki.scheduler)
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    with tempfile.TemporaryDirectory(prefix="anki-import-") as scratch:
        col = Collection(str(Path(scratch) / "collection.anki2"))
        try:
            col.import_anki_package(ImportAnkiPackageRequest(package_path=apkg,
                                                             options=ImportAnkiPackageOptions()))
            count = col.note_count()
        finally:
            col.close()
    if count != int(cards):
        raise SystemExit(f"{apkg} imported {count} notes, expected {cards}")


STEPS = {"floor": step_floor, "plain": step_plain, "import": step_import}


# ---- the runner ----

def measure(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one subprocess; fails loudly if it fails.

    Every step, the Anki import included, runs in a child of this small process: a child's peak
    RSS on Linux starts from its parent's at fork, so a big parent would inflate them all."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    return wall, usage.ru_maxrss / 1024  # KiB on Linux


def run_size(cards: int, root: Path, check_import: bool) -> dict:
    from synthetic import edit_one_card, write_tree
    content = write_tree(root, cards)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(PROJECT_DIR)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    me = [sys.executable, str(Path(__file__).resolve()), "--step"]
    build = [sys.executable, str(PROJECT_DIR / "build_deck.py"), "--content", str(content),
             "--out", str(root / "dist" / "deck.apkg")]
    row = {"cards": cards}
    # The build keeps its render cache in .deckbuilder-cache/ of its working directory: root.
    row["a"] = measure(me + ["floor", str(content), str(root / "floor.apkg")], env, root)
    row["b"] = measure(me + ["plain", str(content), str(root / "plain.apkg")], env, root)
    row["c"] = measure(build, env, root)
    if check_import:
        measure(me + ["import", str(root / "dist" / "deck.apkg"), str(cards)], env, root)
        row["imported"] = cards
    edit_one_card(content)
    row["d"] = measure(build, env, root)
    return row


def report(rows: list[dict]) -> None:
    print("| cards | (a) floor | (b) plain | (c) build, cold | (d) build, one card edited "
          "| (c)/(a) | (c)/(b) | (d)/(a) | imported |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = [f"{r[k][0]:.2f} s, {r[k][1]:.0f} MiB" for k in "abcd"]
        ratios = [r["c"][0] / r["a"][0], r["c"][0] / r["b"][0], r["d"][0] / r["a"][0]]
        print(f"| {r['cards']:,} | " + " | ".join(cells) + " | "
              + " | ".join(f"{x:.2f}" for x in ratios) + f" | {r.get('imported', '—')} |")
    by_size = {r["cards"]: r for r in rows}
    print()
    for r in rows:
        verdict = "ok" if r["c"][0] / r["b"][0] <= TARGETS["c/b"] else "MISSED"
        print(f"(c)/(b) at {r['cards']:,}: {r['c'][0] / r['b'][0]:.2f} (target <= 1.0) {verdict}")
    if 10000 in by_size:
        ratio = by_size[10000]["d"][0] / by_size[10000]["a"][0]
        print(f"(d)/(a) at 10,000: {ratio:.2f} (target <= 1.5) {'ok' if ratio <= 1.5 else 'MISSED'}")
    if 10000 in by_size and 50000 in by_size:
        for key, name in (("a", "floor"), ("b", "plain"), ("c", "build cold"), ("d", "build edit")):
            growth = by_size[50000][key][0] / by_size[10000][key][0]
            mark = f" (target <= 5.5) {'ok' if growth <= 5.5 else 'MISSED'}" if key == "c" else ""
            print(f"growth 10k -> 50k, {name}: {growth:.2f}x{mark}")
    if 50000 in by_size:
        big = by_size[50000]
        memory = big["c"][1] / big["a"][1]
        print(f"peak memory at 50,000, (c)/(a): {memory:.2f} (target <= 2.0) {'ok' if memory <= 2 else 'MISSED'}"
              f"; (d)/(a): {big['d'][1] / big['a'][1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="card counts (default: %(default)s)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="write the trees and packages here and keep them (default: a temporary dir)")
    parser.add_argument("--no-import", action="store_true", help="skip the Anki backend import check")
    parser.add_argument("--step", nargs=3, metavar=("NAME", "CONTENT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        name, content, out = args.step
        STEPS[name](content, out)
        return
    sys.path.insert(0, str(BENCH_DIR))
    sizes = [int(s) for s in args.sizes.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="build-scale-"))
    rows = []
    try:
        for cards in sizes:
            root = base / f"n{cards}"
            if root.exists():
                shutil.rmtree(root)
            rows.append(run_size(cards, root, not args.no_import))
            print(f"measured {cards:,} cards", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    report(rows)


if __name__ == "__main__":
    main()
