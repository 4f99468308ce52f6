"""The deck's tags: every card has a topic, and every topic of the vocabulary is used."""
import yaml

from conftest import read_content


def test_real_content_tags_come_from_its_vocabulary(content_dir):
    """Every card of the deck has a topic, and every topic of the vocabulary is used by a card
    (an unused topic is an empty branch in users' tag trees)."""
    prepared = read_content(content_dir)
    assert [p for p in prepared.result.problems if p.severity == "error"] == []
    cards = [c for ch in prepared.chapters for c in ch.cards]
    assert all(any("::topic::" in t for t in c.tags) for c in cards)
    used = {t.split("::topic::", 1)[1] for c in cards for t in c.tags if "::topic::" in t}
    vocabulary = yaml.safe_load((content_dir / "tags.yaml").read_text(encoding="utf-8"))
    leaves = set()

    def walk(tree, parent=""):
        for name, value in tree.items():
            if name == "about":
                continue
            path = f"{parent}::{name}" if parent else name
            if isinstance(value, dict):
                walk(value, path)
            else:
                leaves.add(path)

    walk(vocabulary["topics"])
    assert leaves - used == set()
