"""Consolidating the department's existing databases: reading their files (``reading``), understanding their
columns (``columns``) and putting each row in Jisr's terms (``cleaning``)."""
