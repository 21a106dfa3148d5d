"""Turning the profile form into the graph's profile, and back."""

from flask_babel import gettext

from graph import members as member_queries
from graph import reference
from graph.store import GraphStore
from graph.textkeys import fold, name_keys

from ..accounts.service import now_ms
from .forms import EXTRA_SKILL_ROWS, ProfileForm


def reference_choices(store: GraphStore) -> dict:
    """The reference nodes a profile form offers."""
    return {
        "sectors": reference.listing(store, "Sector"),
        "languages": reference.listing(store, "Language"),
        "institutions": reference.institutions(store),
        "regions": reference.listing(store, "Region"),
    }


def fill_form(form: ProfileForm, profile: dict, label) -> None:
    """Put the stored profile into a fresh form (skills named in the reader's language by ``label``)."""
    member = profile["member"]
    for name in member_queries.PROFILE_PROPERTIES:
        getattr(form, name).data = member.get(name)
    form.availability.data = member.get("availability") or "none"
    form.visibility.data = member.get("visibility") or "members"
    if profile["city"]:
        form.city.data = profile["city"]["name"]
        form.city_id.data = profile["city"]["id"]
    form.sectors.data = [s["id"] for s in profile["sectors"]]
    form.languages.data = [lang["id"] for lang in profile["languages"]]
    form.institutions.data = [i["id"] for i in profile["institutions"]]
    form.contribute_sectors.data = [s["id"] for s in profile["contribute_sectors"]]
    form.contribute_regions.data = [r["id"] for r in profile["contribute_regions"]]
    while len(form.skills.entries):
        form.skills.pop_entry()
    for skill in profile["skills"]:
        form.skills.append_entry({"name": label(skill), "level": skill.get("level") or 2})
    for _ in range(EXTRA_SKILL_ROWS):
        form.skills.append_entry({"name": "", "level": 2})


def resolve_city(
    store: GraphStore, typed: str | None, city_id: str | None, prefer: str | None = None
) -> tuple[str | None, bool]:
    """The city id for what was chosen or typed, and whether it could be found (empty is fine).

    What was typed must be a city's name in either script (the ``prefer`` country's first), or sound like
    one whole name ("Oujdah", "Tanger"); a beginning ("Ouj") or a name nobody knows is refused, not guessed.
    """
    if city_id and reference.existing_ids(store, "City", [city_id]):
        return city_id, True
    name = (typed or "").split(",")[0].strip()
    if not name:
        return None, True
    wanted = fold(name)
    candidates = reference.find_cities(store, name, limit=20, prefer=prefer)
    for candidate in candidates:  # ordered: the same name, the preferred country, the largest
        if wanted in (fold(candidate["name"]), fold(candidate.get("name_ar"))):
            return candidate["id"], True
    sound = "".join(name_keys(name)[-1:]) if len(wanted) >= reference.SOUND_FROM_LETTERS else ""
    for candidate in candidates:
        names = (candidate["name"], candidate.get("name_ar"))
        if sound and any(sound == "".join(name_keys(n)[-1:]) for n in names if n):
            return candidate["id"], True
    return None, False


def unknown_city(store: GraphStore, typed: str | None, prefer: str | None = None) -> str:
    """Why a typed city was refused, with the closest names the reader may have meant."""
    near = [c["name"] for c in reference.find_cities(store, (typed or "").split(",")[0].strip(), 3, prefer)]
    if near:
        return gettext("We do not know this city. Did you mean %(cities)s?", cities=", ".join(near))
    return gettext("We do not know this city. Choose one of the suggestions.")


def save_profile(store: GraphStore, member_id: str, form: ProfileForm, city_id: str | None) -> None:
    """Write the validated form to the graph (free skills are created or merged first)."""
    now = now_ms()
    skills = {}
    for row in form.skills.data:
        name = (row.get("name") or "").strip()
        if name:
            skill_id = reference.resolve_skill(store, name, now)
            if skill_id:
                skills[skill_id] = {"id": skill_id, "level": int(row.get("level") or 2)}
    props = {name: _clean(getattr(form, name).data) for name in member_queries.PROFILE_PROPERTIES}
    props["last_active_at"] = now
    member_queries.update_profile(
        store,
        member_id,
        props,
        skills=list(skills.values()),
        sectors=form.sectors.data or [],
        city=city_id,
        languages=form.languages.data or [],
        institutions=form.institutions.data or [],
        contribute_sectors=form.contribute_sectors.data or [],
        contribute_regions=form.contribute_regions.data or [],
    )


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
