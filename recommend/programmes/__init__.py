"""Support programmes: their conditions as data (``rules``), and the financing plan they imply (``financing``).

Pure and Flask-free: the pages, the API and the benchmarks call the same functions.
"""
