"""What a source returned, as items: ``{key, url, title, text, published, people}``.

Five kinds of source: ``feed`` (RSS or Atom, read by feedparser), ``page`` (a web page: its article's text,
title and date extracted by trafilatura, boilerplate left out, the encoding its markup declares or detected),
``csv`` (a list: one person a row, with
columns such as name, title, affiliation, country, url, date, text), ``works`` (JSON records of scholarly works
shaped like OpenAlex's: title, date, authorships with author names, institutions and their countries) and
``profiles`` (JSON researcher profiles shaped like ORCID's: a name, a biography, employments). Structured
sources name their people (``people``: ``{name, affiliation, country, role}``); feeds leave that to the
pipeline. ``key`` is stable for the same item seen again (its id, else its link, else a digest of its text),
so that an item updated later replaces the first, never doubles it.

Anything that is not what its kind says raises :class:`SourceError` with a code the source's state shows.
"""

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

import feedparser

MAX_BYTES = 5 * 1024 * 1024  # a larger answer is refused, not read
KINDS = ("feed", "page", "csv", "works", "profiles")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
#: CSV headers recognised (folded) for each field
CSV_FIELDS = {
    "name": ("name", "nom", "full name", "nom complet", "الاسم"),
    "title": ("title", "titre", "prize", "prix", "award", "talk", "العنوان"),
    "affiliation": ("affiliation", "institution", "employer", "employeur", "organisation", "organization", "المؤسسة"),
    "country": ("country", "pays", "البلد"),
    "url": ("url", "link", "lien", "الرابط"),
    "published": ("date", "year", "année", "التاريخ"),
    "text": ("text", "description", "bio", "biography", "biographie", "summary", "résumé", "النص"),
    "role": ("role", "rôle", "position", "poste", "الصفة"),
}


class SourceError(ValueError):
    """A source's answer could not be read as its kind: ``code`` is ``too_large``, ``not_a_feed``,
    ``not_csv``, ``not_json``, ``encoding`` or ``unknown_kind``."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass
class Item:
    """One thing a source published."""

    key: str
    url: str | None
    title: str
    text: str
    published: int | None  # ms since the epoch
    people: list[dict] = field(default_factory=list)


def read(kind: str, payload: bytes, location: str | None = None) -> list[Item]:
    """The items of a source's answer (``payload``: the bytes it returned; ``location``: where from, the key
    of a page's one item)."""
    if len(payload) > MAX_BYTES:
        raise SourceError("too_large", f"{len(payload)} bytes")
    if kind == "page":
        return _page(payload, location)
    readers = {"feed": _feed, "csv": _csv, "works": _works, "profiles": _profiles}
    if kind not in readers:
        raise SourceError("unknown_kind", kind)
    return readers[kind](payload)


def _page(payload: bytes, location: str | None) -> list[Item]:
    """A web page as one item: its article (the page's address is its key, so that the page changed later
    refreshes its leads)."""
    import trafilatura

    if b"<" not in payload[:4096]:
        raise SourceError("not_a_page")
    document = trafilatura.bare_extraction(payload, with_metadata=True)
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        raise SourceError("no_text")
    title = plain(document.title)
    if text.startswith(title):
        text = text[len(title) :].strip()
    url = location if location and location.startswith("http") else document.url
    return [
        Item(
            key=_key(url, text=title + text),
            url=url,
            title=title,
            text=_SPACES.sub(" ", text),
            published=_ms(document.date),
        )
    ]


def plain(text: str | None) -> str:
    """Text without markup, blanks collapsed."""
    return _SPACES.sub(" ", _TAGS.sub(" ", text or "")).strip()


def _key(*candidates, text: str = "") -> str:
    for candidate in candidates:
        if candidate:
            return str(candidate)[:500]
    return "sha1:" + hashlib.sha1(text.encode()).hexdigest()


def _ms(moment) -> int | None:
    if moment is None:
        return None
    if isinstance(moment, tuple | list):  # feedparser's time.struct_time
        return int(datetime(*moment[:6], tzinfo=timezone.utc).timestamp() * 1000)
    text = str(moment).strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%SZ", "%Y", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return int(parsed.replace(tzinfo=parsed.tzinfo or timezone.utc).timestamp() * 1000)
    return None


def _feed(payload: bytes) -> list[Item]:
    parsed = feedparser.parse(payload)
    if not parsed.get("version"):  # neither RSS nor Atom (a web page, plain text, broken XML)
        raise SourceError("not_a_feed", type(parsed.get("bozo_exception")).__name__ if parsed.bozo else "")
    items = []
    for entry in parsed.entries:
        title = plain(entry.get("title"))
        parts = [entry.get("summary")] + [content.get("value") for content in entry.get("content") or []]
        text = plain(" ".join(part for part in parts if part and plain(part) not in ("", title)))
        items.append(
            Item(
                key=_key(entry.get("id"), entry.get("link"), text=title + text),
                url=entry.get("link"),
                title=title,
                text=text,
                published=_ms(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    return items


def _decoded(payload: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1256", "cp1252"):
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("encoding")


def _fold(header: str) -> str:
    return _SPACES.sub(" ", (header or "").strip().lower())


def _csv(payload: bytes) -> list[Item]:
    text = _decoded(payload)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise SourceError("not_csv", "empty")
    headers = [_fold(h) for h in rows[0]]
    columns = {
        name: next((i for i, h in enumerate(headers) if h in options), None) for name, options in CSV_FIELDS.items()
    }
    if columns["name"] is None:
        raise SourceError("not_csv", "no name column")
    items = []
    for row in rows[1:]:
        value = {name: (row[i].strip() if i is not None and i < len(row) else "") for name, i in columns.items()}
        if not value["name"]:
            continue
        person = {k: value[k] or None for k in ("name", "affiliation", "country", "role")}
        text = ". ".join(part for part in (value["title"], value["role"], value["affiliation"], value["text"]) if part)
        items.append(
            Item(
                key=_key(value["url"] and f"{value['url']}#{value['name']}", text=value["name"] + text),
                url=value["url"] or None,
                title=value["title"] or value["name"],
                text=text,
                published=_ms(value["published"]),
                people=[person],
            )
        )
    return items


def _json(payload: bytes):
    try:
        data = json.loads(_decoded(payload))
    except json.JSONDecodeError as error:
        raise SourceError("not_json", str(error)) from None
    return data.get("results", data) if isinstance(data, dict) else data


def _works(payload: bytes) -> list[Item]:
    records = _json(payload)
    if not isinstance(records, list):
        raise SourceError("not_json", "no list of works")
    items = []
    for work in records:
        if not isinstance(work, dict):
            continue
        people = []
        for authorship in work.get("authorships") or []:
            author = authorship.get("author") or {}
            institutions = authorship.get("institutions") or []
            first = institutions[0] if institutions else {}
            if author.get("display_name"):
                people.append(
                    {
                        "name": author["display_name"],
                        "affiliation": first.get("display_name"),
                        "country": first.get("country_code"),
                        "role": "author",
                    }
                )
        title = plain(work.get("title") or work.get("display_name"))
        abstract = plain(work.get("abstract"))
        items.append(
            Item(
                key=_key(work.get("id"), work.get("doi"), text=title),
                url=work.get("doi") or work.get("id"),
                title=title,
                text=abstract,
                published=_ms(work.get("publication_date") or work.get("publication_year")),
                people=people,
            )
        )
    return items


def _profiles(payload: bytes) -> list[Item]:
    records = _json(payload)
    records = [records] if isinstance(records, dict) else records
    if not isinstance(records, list):
        raise SourceError("not_json", "no profiles")
    items = []
    for profile in records:
        if not isinstance(profile, dict):
            continue
        person = profile.get("person") or {}
        name_parts = person.get("name") or {}
        name = " ".join(
            part
            for part in (
                (name_parts.get("given-names") or {}).get("value"),
                (name_parts.get("family-name") or {}).get("value"),
            )
            if part
        ) or profile.get("name")
        if not name:
            continue
        biography = plain((person.get("biography") or {}).get("content") or profile.get("biography"))
        employments = [
            (summary.get("employment-summary") or summary)
            for group in (profile.get("activities-summary") or {}).get("employments", {}).get("affiliation-group", [])
            for summary in group.get("summaries", [])
        ]
        organisations = [e.get("organization") or {} for e in employments]
        current = organisations[0] if organisations else {}
        address = current.get("address") or {}
        career = ". ".join(
            f"{e.get('role-title') or ''} {(e.get('organization') or {}).get('name') or ''}".strip()
            for e in employments
        )
        orcid = (profile.get("orcid-identifier") or {}).get("uri") or profile.get("orcid")
        items.append(
            Item(
                key=_key(orcid, text=name + biography),
                url=orcid,
                title=name,
                text=". ".join(part for part in (biography, career) if part),
                published=None,
                people=[
                    {
                        "name": name,
                        "affiliation": current.get("name"),
                        "country": address.get("country"),
                        "role": employments[0].get("role-title") if employments else None,
                    }
                ],
            )
        )
    return items
