"""What each column of an imported file holds, guessed from its header in Arabic, French or English.

:data:`FIELDS` lists the fields an import understands with the header words that announce them (compared
folded: case, accents and Arabic spelling do not matter). :func:`detect` proposes a mapping ``{column:
field}`` that a person confirms or corrects; a source keeps its confirmed mapping for next time. A column
whose header is blank right after a named one (a merged header cell) continues that column's field, and a
field may have several columns (two phone columns): the first value found is used, the others kept too.
"""

from flask_babel import lazy_gettext as _l

from graph.textkeys import fold

FIELDS = {
    "first_name": (_l("First name"), ("prenom", "first name", "firstname", "given name", "الاسم الشخصي", "الاسم")),
    "last_name": (
        _l("Family name"),
        ("nom de famille", "last name", "lastname", "surname", "family name", "النسب", "اللقب", "الاسم العائلي"),
    ),
    "full_name": (
        _l("Full name"),
        ("nom complet", "nom et prenom", "nom prenom", "full name", "name", "الاسم الكامل", "الاسم والنسب"),
    ),
    "email": (_l("E-mail"), ("e mail", "email", "courriel", "mail", "adresse e mail", "البريد الالكتروني", "البريد")),
    "phone": (
        _l("Phone"),
        ("telephone", "tel", "phone", "mobile", "portable", "gsm", "numero de telephone", "الهاتف", "رقم الهاتف"),
    ),
    "city": (_l("City"), ("ville", "city", "localite", "ville de residence", "المدينة")),
    "country": (_l("Country"), ("pays", "country", "pays de residence", "country of residence", "البلد", "الدولة")),
    "profession": (
        _l("Profession"),
        ("profession", "metier", "occupation", "job title", "poste", "fonction", "المهنة"),
    ),
    "employer": (
        _l("Employer"),
        (
            "employeur",
            "employer",
            "entreprise",
            "societe",
            "company",
            "organisation",
            "organization",
            "المشغل",
            "الشركة",
        ),
    ),
    "skills": (_l("Skills"), ("competences", "skills", "expertise", "domaines d expertise", "المهارات", "الكفاءات")),
    "sector": (_l("Sector"), ("secteur", "sector", "domaine", "secteur d activite", "القطاع")),
    "degree": (_l("Degree"), ("diplome", "degree", "qualification", "niveau d etudes", "الشهادة", "المؤهل")),
    "birth_date": (
        _l("Date of birth"),
        ("date de naissance", "birth date", "date of birth", "naissance", "تاريخ الازدياد", "تاريخ الميلاد"),
    ),
}
_BY_WORDS = {fold(words): name for name, (_label, synonyms) in FIELDS.items() for words in synonyms}
# a lone "Nom" or "Name" with no first-name column holds the whole name
_GENERIC_NAMES = {fold("nom"), fold("name"), fold("الاسم")}


def field_of(header: str) -> str | None:
    """The field a header announces (``"Prénom"`` → ``"first_name"``), None if it is not one of ours."""
    key = fold(header)
    if key in _BY_WORDS:
        return _BY_WORDS[key]
    if key == fold("nom"):
        return "last_name"
    return None


def detect(headers: list[str]) -> dict[int, str]:
    """A proposed mapping ``{column index: field}`` for a file's header cells (columns not understood are left
    out; see the module's docstring for merged cells and lone name columns)."""
    mapping: dict[int, str] = {}
    previous: str | None = None
    for column, header in enumerate(headers):
        found = field_of(header) if header.strip() else previous
        if found:
            mapping[column] = found
        previous = found if header.strip() else previous
    names = set(mapping.values())
    if "first_name" not in names and "full_name" not in names:
        for column, header in enumerate(headers):
            if mapping.get(column) == "last_name" and fold(header) in _GENERIC_NAMES:
                mapping[column] = "full_name"
    if "last_name" not in names and "full_name" not in names:
        for column, header in enumerate(headers):
            if mapping.get(column) == "first_name" and fold(header) in _GENERIC_NAMES:
                mapping[column] = "full_name"
    return mapping


def check(mapping: dict[int, str], width: int) -> list[str]:
    """What is wrong with a mapping a person chose for a file of ``width`` columns (nothing: ``[]``): unknown
    fields or columns, or no column giving a name."""
    problems = []
    for column, name in mapping.items():
        if name not in FIELDS:
            problems.append(str(_l("“%(field)s” is not a field Jisr imports.", field=name)))
        if not 0 <= column < width:
            problems.append(str(_l("The file has no column %(number)s.", number=column + 1)))
    if not {"full_name", "first_name", "last_name"} & set(mapping.values()):
        problems.append(str(_l("Choose at least one column holding names.")))
    return problems


def values(row: list[str], mapping: dict[int, str]) -> dict[str, list[str]]:
    """A row's non-empty values per field, in column order."""
    found: dict[str, list[str]] = {}
    for column, name in mapping.items():
        if column < len(row) and row[column].strip():
            found.setdefault(name, []).append(row[column].strip())
    return found
