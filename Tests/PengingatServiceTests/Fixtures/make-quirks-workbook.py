#!/usr/bin/env python3
"""Writes roster-kelurahan.xlsx, the hand-made roster workbook with the quirks of a workbook an
Indonesian-locale Excel user keeps: one workbook, one sheet per list, an instructions sheet and a
hidden summary sheet, a merged title above a two-row header, phone numbers stored as numbers
(their leading 0 lost), dates as serial numbers (day-first custom format and a built-in one) and
as text, shared, rich and inline strings, a failed formula (#N/A), a landline where a mobile
number belongs and a date that does not exist. RosterWorkbookTests reads it; the XML is written
by hand here so every quirk is deliberate. Run it to regenerate the committed file."""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
shared = []


def s(text):
    """A shared string cell's index."""
    if text not in shared:
        shared.append(text)
    return shared.index(text)


def col(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref, value):
    """value: str → shared string; ('n', x) number; ('d', serial, style); ('inline', text);
    ('rich', [runs]); ('e', '#N/A')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"><v>{s(value)}</v></c>'
    kind = value[0]
    if kind == "n":
        return f'<c r="{ref}"><v>{value[1]}</v></c>'
    if kind == "d":
        return f'<c r="{ref}" s="{value[2]}"><v>{value[1]}</v></c>'
    if kind == "inline":
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value[1])}</t></is></c>'
    if kind == "rich":
        index = len(shared)
        shared.append(value[1])  # rich text: kept as runs below
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e"><f>VLOOKUP(A1,Data!A:B,2,0)</f><v>{value[1]}</v></c>'
    raise ValueError(kind)


def sheet(rows, merges=()):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>']
    for number, values in rows:
        cells = "".join(cell(f"{col(i)}{number}", v) for i, v in enumerate(values))
        out.append(f'<row r="{number}">{cells}</row>')
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


# 1 dd/mm/yyyy (custom 164), 2 built-in date format 14, 0 general.
STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
          '</styleSheet>')

sheets = [
    ("Petunjuk", False, sheet([(1, ["Isi setiap lembar sesuai judul kolomnya. Jangan ubah nama lembar."])])),
    ("pendamping", False, sheet([
        (1, ["id_pendamping", "nama", "no_hp", "email"]),
        (2, ["PDP-01", "Dedi Kurniawan, S.Sos.", ("n", "81320457812"), "dedi.kurniawan@example.org"]),
    ])),
    ("posyandu", False, sheet([
        (1, ["id_posyandu", "nama", "kelurahan", "rw", "jadwal", "lokasi"]),
        (2, ["PSY-01", "Posyandu Melati", "Margabakti", "01", "tanggal 12 08.00", "Rumah Ibu Kader Enok, RT 02"]),
    ])),
    ("kelompok", False, sheet([
        (1, ["id_kelompok", "nama_kelompok", "id_pendamping", "kelurahan", "rw", "zona_waktu", "jadwal", "lokasi", "ketua_id_kpm"]),
        (2, ["KLP-01", "Kelompok Sauyunan", "PDP-01", "Margabakti", ("n", "1"), "WIB", "Selasa ke-2 09.00",
             "Aula Kelurahan Margabakti", "KPM-9001"]),
    ])),
    # A merged title, an empty row, a two-row header (Nama Pengurus merged over rows 3 and 4).
    ("kpm", False, sheet([
        (1, ["DAFTAR KPM PKH KELURAHAN MARGABAKTI 2026"]),
        (3, ["ID KPM", "Nama Pengurus", "No HP", "ID Kelompok", "No HP Lain", "RT", "RW", "Kanal"]),
        (5, ["KPM-9001", ("inline", "Siti Aminah"), ("n", "81234567890"), "KLP-01", None, ("n", "1"), "01", "sms"]),
        (6, ["KPM-9002", ("rich", [("Ai ", False), ("Nurhayati", True)]), "0857-1234-5678", "KLP-01", None, ("n", "1"), "01", "whatsapp"]),
        (7, ["KPM-9003", "Euis Sumiati", "0265-331234", "KLP-01", None, ("n", "2"), "01", "sms"]),
        (8, ["KPM-9004", "Tati Rohaeti", ("n", "85712345678"), "KLP-01", ("e", "#N/A"), ("n", "2"), "01", "sms"]),
        (9, ["KPM-9005", "Yuyun Yuningsih", ("n", "6281234000111"), "KLP-01", None, ("n", "3"), "01", "sms"]),
    ], merges=["A1:H1", "B3:B4"])),
    ("anggota", False, sheet([
        (1, ["id_kpm", "nama", "hubungan", "jenis_kelamin", "tanggal_lahir", "komponen"]),
        # 33271 = 1991-02-02 shown dd/mm/yyyy; 44331 = 2021-05-15 in the built-in format.
        (2, ["KPM-9001", "Siti Aminah", "Kepala Keluarga", "P", ("d", "33271", 1), None]),
        (3, ["KPM-9001", "Rizky Ramadhan", "Anak", "L", ("d", "44331", 2), "anak_usia_dini"]),
        (4, ["KPM-9002", "Ai Nurhayati", "Kepala Keluarga", "P", "05/02/1992", None]),
        (5, ["KPM-9002", "Dewi Lestari", "Anak", "P", "31/02/2019", "anak_usia_dini"]),
        (6, ["KPM-9005", "Yuyun Yuningsih", "Kepala Keluarga", "P", ("n", "29000"), "lansia"]),
    ])),
    ("Rekap", True, sheet([(1, ["jumlah KPM"]), (2, [("n", "5")])])),
]


def shared_strings():
    items = []
    for text in shared:
        if isinstance(text, list):
            runs = "".join(f'<r><rPr>{"<b/>" if bold else ""}</rPr><t xml:space="preserve">{escape(t)}</t></r>' for t, bold in text)
            items.append(f"<si>{runs}<rPh sb=\"0\" eb=\"2\"><t>ア</t></rPh></si>")
        else:
            items.append(f"<si><t>{escape(text)}</t></si>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" uniqueCount="{len(shared)}">'
            + "".join(items) + "</sst>")


HIDDEN = ' state="hidden"'
workbook_sheets = "".join(
    f'<sheet name="{name}" sheetId="{i + 1}"{HIDDEN if hidden else ""} r:id="rId{i + 1}"/>'
    for i, (name, hidden, _) in enumerate(sheets))
workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<workbookPr/><sheets>{workbook_sheets}</sheets></workbook>')
relations = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                       f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
             + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
             + f'<Relationship Id="rId{len(sheets) + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             + "</Relationships>")
content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '</Types>')
root_relations = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                  '</Relationships>')

path = os.path.join(HERE, "roster-kelurahan.xlsx")
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
    # Sheets first: their strings fill the shared table.
    parts = {f"xl/worksheets/sheet{i + 1}.xml": xml for i, (_, _, xml) in enumerate(sheets)}
    archive.writestr("[Content_Types].xml", content_types)
    archive.writestr("_rels/.rels", root_relations)
    archive.writestr("xl/workbook.xml", workbook)
    archive.writestr("xl/_rels/workbook.xml.rels", relations)
    archive.writestr("xl/styles.xml", STYLES)
    for name, xml in parts.items():
        archive.writestr(name, xml)
    archive.writestr("xl/sharedStrings.xml", shared_strings())
print(path)
