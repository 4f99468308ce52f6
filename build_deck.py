#!/usr/bin/env python3
"""Build the Anki deck: content/*.yaml + media/ -> dist/<deck>.apkg. See README.md."""
import sys

from deckbuilder.cli import main

if __name__ == "__main__":
    sys.exit(main())
