#!/usr/bin/env python3
"""Writes the hostile files of BENCHMARKS.md ("Hostile files") into a folder, to measure the
peak memory of each command on them: python3 scripts/hostile-files.py /tmp/hostile"""
import os
import sys
import zipfile
import zlib

out = sys.argv[1] if len(sys.argv) > 1 else "hostile"
os.makedirs(out, exist_ok=True)
os.chdir(out)

# An ODS whose one valued cell repeats over 1,048,576 rows x 16,384 columns.
content = (b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
           b'<table:table table:name="List 1"><table:table-row table:number-rows-repeated="1048576">'
           b'<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
           b'</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
with zipfile.ZipFile("bomb.ods", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", content)

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         b'<Default Extension="xml" ContentType="application/xml"/></Types>')
rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="' + REL + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def workbook(name, sheet_xml, shared=None):
    wb = (b'<?xml version="1.0"?><workbook xmlns="' + MAIN + b'" xmlns:r="' + REL + b'"><sheets>'
          b'<sheet name="' + name + b'" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              b'<Relationship Id="rId1" Type="' + REL + b'/worksheet" Target="worksheets/sheet1.xml"/>')
    if shared:
        wbrels += b'<Relationship Id="rId2" Type="' + REL + b'/sharedStrings" Target="sharedStrings.xml"/>'
    wbrels += b'</Relationships>'
    return wb, wbrels


# An XLSX whose shared strings inflate to 3 GiB.
wb, wbrels = workbook(b"List 1", None, shared=True)
with zipfile.ZipFile("bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", types)
    z.writestr("_rels/.rels", rels)
    z.writestr("xl/workbook.xml", wb)
    z.writestr("xl/_rels/workbook.xml.rels", wbrels)
    z.writestr("xl/worksheets/sheet1.xml", b'<worksheet xmlns="' + MAIN + b'"><sheetData><row r="1">'
               b'<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(b'<sst xmlns="' + MAIN + b'"><si><t>')
        chunk = b"x" * (64 << 20)
        for _ in range(48):
            f.write(chunk)
        f.write(b"</t></si></sst>")

# A CSV line of ten million fields.
with open("list_1.csv", "wb") as f:
    f.write(b"Child Unique ID" + b",x" * 10_000_000 + b"\n")

# A PDF whose one stream inflates to 1.5 GiB.
c = zlib.compressobj(9)
stream = b"".join(c.compress(b"\0" * (64 << 20)) for _ in range(24)) + c.flush()
with open("bomb.pdf", "wb") as f:
    f.write(b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

# A plan workbook with a cell at ZZZZZ99999999.
wb, wbrels = workbook(b"Plan", None)
with zipfile.ZipFile("plan.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", types)
    z.writestr("_rels/.rels", rels)
    z.writestr("xl/workbook.xml", wb)
    z.writestr("xl/_rels/workbook.xml.rels", wbrels)
    z.writestr("xl/worksheets/sheet1.xml", b'<worksheet xmlns="' + MAIN + b'"><dimension ref="A1:ZZZZZ99999999"/>'
               b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Requirement</t></is></c>'
               b'<c r="ZZZZZ99999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
print("written to", os.getcwd())
