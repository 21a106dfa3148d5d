"""Imports, first steps: reading messy CSV and XLSX files, guessing what their columns hold, and putting each
row in Jisr's terms against the real reference data (real files written here, a real graph)."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from app.imports import columns
from app.imports.cleaning import Vocabulary, clean_date, clean_phone, clean_row
from app.imports.reading import MAX_BYTES, ImportFileError, excel_serial_date, read_table

pure = pytest.mark.graph_free


@pure
def test_a_utf8_csv_with_a_bom_semicolons_and_a_quoted_newline():
    data = '\ufeffNom;Prénom;Ville\n"El Amrani";"Chaïmae";"Paris\n(15e)"\nTazi;Karim;Lyon\n'.encode()
    table = read_table(data, "members.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.headers == ["Nom", "Prénom", "Ville"]
    assert table.rows == [["El Amrani", "Chaïmae", "Paris\n(15e)"], ["Tazi", "Karim", "Lyon"]]


@pure
def test_windows_arabic_and_latin_files_are_told_apart():
    arabic = "الاسم\tالنسب\tالمدينة\nيوسف\tالعلوي\tالرباط\n".encode("cp1256")
    table = read_table(arabic)
    assert (table.encoding, table.delimiter) == ("cp1256", "\t")
    assert table.rows == [["يوسف", "العلوي", "الرباط"]]

    latin = "nom,prénom,ville\nBenkirane,Hélène,Montréal\n".encode("latin-1")
    table = read_table(latin)
    assert table.encoding == "cp1252" and table.rows == [["Benkirane", "Hélène", "Montréal"]]


def _xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pure
def test_a_spreadsheet_gives_its_first_visible_sheet_with_dates_and_without_formulas():
    def build(workbook):
        hidden = workbook.active
        hidden.title = "old"
        hidden.append(["secret"])
        hidden.sheet_state = "hidden"
        sheet = workbook.create_sheet("members")
        sheet.append(["Nom complet", "Téléphone", None, "Date de naissance", "Total"])
        sheet.merge_cells("B1:C1")
        sheet.append(["Nadia Berrada", "0612345678", "+212 661 23 45 67", datetime.datetime(1984, 5, 2), "=1+1"])
        sheet.append([None, None, None, None, None])
        sheet.append(["Omar Idrissi", 33612345678, None, 31048, 7.0])

    table = read_table(_xlsx(build), "export.xlsx")
    assert table.kind == "xlsx" and table.sheet == "members"
    assert table.headers == ["Nom complet", "Téléphone", "", "Date de naissance", "Total"]
    # a formula saved without its computed value reads as empty; whole numbers lose their ".0"
    assert table.rows == [
        ["Nadia Berrada", "0612345678", "+212 661 23 45 67", "1984-05-02", ""],
        ["Omar Idrissi", "33612345678", "", "31048", "7"],
    ]
    assert any("Other sheets were left out" in note for note in table.notes)
    assert excel_serial_date("31048") == datetime.date(1985, 1, 1)


@pure
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b" \n\n ", "The file is empty."),
        (b"nom,prenom\n", "The file has a header row but no rows."),
        (b"\x00\x01\x02\x00 binary", "This is not a CSV or XLSX file."),
        (b"PK\x03\x04 not really a zip", "This spreadsheet is damaged or is not an XLSX file."),
    ],
)
def test_unusable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(ImportFileError) as refused:
        read_table(data, "file.csv")
    assert str(refused.value) == reason


@pure
def test_a_file_over_the_limit_is_refused_naming_the_limit():
    with pytest.raises(ImportFileError) as refused:
        read_table(b"a" * (MAX_BYTES + 10 * 1024 * 1024), "big.csv")
    assert str(refused.value) == "The file is 60.0 MB; files of up to 50 MB can be imported."


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pure
def test_a_zip_bomb_and_a_zip_that_is_no_spreadsheet_are_refused_unopened():
    bomb = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ImportFileError, match="unpacks to far more than its size"):
        read_table(bomb, "bomb.xlsx")
    with pytest.raises(ImportFileError, match="not an XLSX spreadsheet"):
        read_table(_zip({"word/document.xml": b"<doc/>"}), "letter.xlsx")


@pure
def test_a_spreadsheet_with_an_external_entity_is_refused_and_reveals_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = _xlsx(lambda workbook: workbook.active.append(["Nom", "Ville"]) or workbook.active.append(["x", "y"]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    doctype = f'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file://{secret}">]>'
    sheet = doctype + sheet.replace("<t>x</t>", "<t>&leak;</t>", 1)
    assert "&leak;" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with pytest.raises(ImportFileError) as refused:
        read_table(_zip(parts), "entity.xlsx")
    assert str(refused.value) == "This spreadsheet could not be read safely." and "TOP-SECRET" not in str(refused.value)


@pure
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Nom", "Prénom", "E-mail", "Téléphone", "Ville", "Pays"],
            ["last_name", "first_name", "email", "phone", "city", "country"],
        ),
        (["الاسم", "النسب", "البريد الإلكتروني", "المدينة"], ["first_name", "last_name", "email", "city"]),
        (["Name", "Email Address", "Company", "Skills"], ["full_name", None, "employer", "skills"]),
        (["NOM", "Profession", "Diplôme"], ["full_name", "profession", "degree"]),
        (["Nom complet", "Téléphone", "", "Remarques"], ["full_name", "phone", "phone", None]),
    ],
)
def test_columns_are_recognised_from_arabic_french_and_english_headers(headers, expected):
    mapping = columns.detect(headers)
    assert [mapping.get(column) for column in range(len(headers))] == expected


@pure
def test_a_chosen_mapping_is_checked():
    assert columns.check({0: "full_name", 1: "email"}, width=2) == []
    assert columns.check({0: "email", 5: "shoe_size"}, width=2) == [
        "“shoe_size” is not a field Jisr imports.",
        "The file has no column 6.",
        "Choose at least one column holding names.",
    ]


@pure
def test_dates_and_phones_in_their_usual_spellings():
    assert [clean_date(text) for text in ("12/03/1985", "1985-03-12", "12.03.1985", "31118", "1985")] == [
        "1985-03-12",
        "1985-03-12",
        "1985-03-12",
        "1985-03-12",
        "1985",
    ]
    for wrong in ("soon", "31/02/1985", "2999-01-01", "0"):
        with pytest.raises(ValueError):
            clean_date(wrong)
    assert clean_phone("06 12 34 56 78", "FR") == "+33612345678"
    assert clean_phone("0661-23-45-67", "CA") == "+212661234567"  # not Canadian: read as Moroccan
    assert clean_phone("00 1 514 555 0199", None) == "+15145550199"
    with pytest.raises(ValueError):
        clean_phone("12", "FR")


def test_rows_are_matched_to_the_reference_data_keeping_what_matches_nothing(store):
    vocabulary = Vocabulary.load(store)
    row = clean_row(
        {
            "full_name": ["  Chaïmae   El Amrani "],
            "email": ["Chaimae.ElAmrani@Example.ORG", "not-an-address"],
            "phone": ["06 12 34 56 78"],
            "country": ["france"],
            "city": ["Montpelier"],
            "skills": ["Python; genie logiciel, jonglage"],
            "birth_date": ["12/03/1985"],
            "employer": ["Airbus"],
        },
        vocabulary,
    )
    record = row.record
    assert row.rejected is None
    assert (record["first_name"], record["last_name"], record["name"]) == ("Chaïmae", "El Amrani", "Chaïmae El Amrani")
    assert record["emails"] == ["chaimae.elamrani@example.org"] and record["phones"] == ["+33612345678"]
    assert record["country"] == "FR" and record["city_id"] and record["city"] == "Montpelier"
    assert record["skill_ids"] == ["python", "software-engineering"] and record["other_skills"] == ["jonglage"]
    assert record["birth_date"] == "1985-03-12" and record["employer"] == "Airbus"
    assert set(row.problems) == {"email", "skills"} and "not-an-address" in row.problems["email"]

    arabic = clean_row({"first_name": ["يوسف"], "last_name": ["العلوي"], "country": ["المغرب"]}, vocabulary)
    assert arabic.record["country"] == "MA" and arabic.record["script"] == "arabic"
    assert clean_row({"country": ["Maroc"], "email": ["a@b.org"]}, vocabulary).rejected == "No name in this row."
    unknown = clean_row({"full_name": ["Ali"], "country": ["Atlantis"], "phone": ["12"]}, vocabulary)
    assert unknown.record["country"] is None and set(unknown.problems) == {"country", "phone"}
