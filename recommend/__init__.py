"""Algorithms over a snapshot of the graph: communities, link scores, rankings.

Empty until the recommendations issue.
"""
