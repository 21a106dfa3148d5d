"""Turning the profile form into the graph's profile, and back."""

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
    form.suggest_me.data = member.get("suggest_me") is not False  # on unless the member switched it off
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


def resolve_city(store: GraphStore, typed: str | None, city_id: str | None) -> tuple[str | None, bool]:
    """The city id for what was chosen or typed, and whether it could be found (empty is fine)."""
    if city_id and reference.existing_ids(store, "City", [city_id]):
        return city_id, True
    name = (typed or "").split(",")[0].strip()
    if not name:
        return None, True
    wanted, sounds = fold(name), name_keys(name)[-1:]
    candidates = reference.find_cities(store, name, limit=20)
    for candidate in candidates:  # the same spelling first, then the same sound, largest city first
        if wanted in (fold(candidate["name"]), fold(candidate.get("name_ar"))):
            return candidate["id"], True
    for candidate in candidates:
        if sounds and sounds[0] in name_keys(candidate["name"]) + name_keys(candidate.get("name_ar")):
            return candidate["id"], True
    return None, False


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
