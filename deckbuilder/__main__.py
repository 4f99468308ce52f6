"""python -m deckbuilder: the same command as build_deck.py and build-deck."""
import sys

from .cli import main

sys.exit(main())
