"""Naming what ranked people share (skills, sectors, languages) in the reader's language, for every page that
shows suggestions with their reasons (mentors of a project, experts of an opportunity); the reasons
themselves are worded by the ``reason`` macro of ``templates/macros.html``."""

from graph import reference

from .extensions import store
from .i18n import localized

REASON_LABELS = {"skills": "Skill", "sectors": "Sector", "languages": "Language"}


def named(wanted: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """``{label: {id: name}}`` for the ids wanted of each reference label (``Skill``, ``Sector``, ``Language``)."""
    return {
        label: {i: localized(node) for i, node in reference.names(store(), label, sorted(ids)).items()}
        for label, ids in wanted.items()
    }


def name_reasons(suggestions, also: dict[str, set[str]] | None = None) -> dict[str, dict[str, str]]:
    """Give each reason naming ids (``skills``, ``sectors``, ``languages``) their ``names``; returns every name
    read, with those of ``also`` (more ids the page shows) among them."""
    wanted = {label: set((also or {}).get(label, ())) for label in REASON_LABELS.values()}
    for suggestion in suggestions:
        for code, params in suggestion.reasons:
            if code in REASON_LABELS:
                wanted[REASON_LABELS[code]].update(params["ids"])
    names = named(wanted)
    for suggestion in suggestions:
        for code, params in suggestion.reasons:
            if code in REASON_LABELS:
                params["names"] = [names[REASON_LABELS[code]].get(i, i) for i in params["ids"]]
    return names


def form_problems(form) -> str:
    """Every error of a form in one sentence, for a flash message after a small inline form."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
