"""What the projects' fixed values are called in the reader's language (stages, mentoring formats)."""

from flask_babel import lazy_gettext as _l

STAGE_NAMES = {
    "idea": _l("Idea"),
    "prototype": _l("Prototype"),
    "creation": _l("Company being created"),
    "growth": _l("Growth"),
}
FORMAT_NAMES = {"remote": _l("Remote"), "in_person": _l("In person"), "either": _l("Either")}
