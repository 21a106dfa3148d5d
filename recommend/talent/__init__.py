"""Talent watch: noticing Moroccan competencies abroad in public sources, one plain step at a time.

``items`` turns what a source returned (an RSS/Atom feed, a CSV list, JSON records of scholarly works or
researcher profiles) into items; ``language`` says which of Arabic, French and English an item is written in;
``signals`` weighs the evidence that a person mentioned is a Moroccan living abroad, keeping the sentences
and signals that carry it. Nothing here knows Flask; the graph is read only through ``graph``.
"""
