"""`/report/{year}`: the province's programme report from headquarters' data, through
the very function an officer's `field-app report programme` runs."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import openpyxl
from pypdf import PdfReader

from field_app.i18n import set_language
from field_app.reports.programme import programme_figures
from field_app.reports.programme_output import table_rows
from tests.web.conftest import login

ROW = re.compile(r'<tr><td>(.*?)</td><td class="num">(.*?)</td>')


def test_the_report_has_the_devices_figures_for_the_province(site):
    # Bình's laptop holds everything Lạng Sơn has, so its report is the province's.
    set_language("vi")
    try:
        expected = table_rows(programme_figures(site.binh.store, 2026, today=date.today()))
    finally:
        set_language("en")
    client = login(site.url, "thu")
    page = client.get("/report/2026")
    assert page.status_code == 200
    shown = [
        (html.unescape(label).strip(), html.unescape(value))
        for label, value in ROW.findall(page.text)
    ]
    assert shown == [(label.strip(), value) for _s, label, value, _t, _r in expected]
    # Not an empty report: Lạng Sơn's two visits are counted.
    assert any("thăm" in label and value.startswith("2") for label, value in shown)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/report/2026?format=xlsx").content))
    assert workbook.active.max_row >= len(expected)
    pdf = client.get("/report/2026?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Lạng Sơn" in text
    # Lai Châu's report counts only Lai Châu's visit.
    other = login(site.url, "lc").get("/report/2026").text
    assert other != page.text
