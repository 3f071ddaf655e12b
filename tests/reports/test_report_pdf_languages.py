"""Reports and media kits as PDFs in the reader's language: the headings read back as the catalogues translate them
(copied here by hand from portal/locale/<lang>/LC_MESSAGES/portal.po), numbers and dates as CLDR writes them for
that language, and Arabic shaped, right to left, its words in logical order."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.core.db.postgres import PostgresGateway
from services.reports import media_kit, reports
from services.reports import pdf as report_pdf
from tests.support import pdf_text
from tests.support.reports import build_world


def kit() -> media_kit.Kit:
    return media_kit.Kit(
        display_name="Maya Okafor", niche="Sustainable fashion", headline=None, contact_email="maya@example.com",
        sections={"audience": True, "engagement": True, "demographics": False, "top_posts": True, "partners": True,
                  "rates": True},
        as_of=dt.date(2025, 3, 1), period_start=dt.date(2024, 12, 2), period_end=dt.date(2025, 3, 1),
        time_zone="Europe/Berlin", generated_at=dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.timezone.utc),
        audience=(media_kit.AudienceRow("instagram", "@maya.okafor", 24180, dt.date(2025, 3, 1), "api"),),
        engagement_reach=(media_kit.EngagementRow("instagram", 12, 12, Decimal("0.0512"), Decimal("0.0498")),),
        top_posts=(media_kit.TopPost("instagram", "@maya.okafor", "reel", dt.datetime(2025, 2, 14, 12, 0,
                                                                                     tzinfo=dt.timezone.utc),
                                     "https://www.instagram.com/p/abc/", None, 900, 10000, Decimal("0.09")),),
        partners=("Green Thread Apparel",),
        rates=(media_kit.Rate("instagram", "reel", Decimal("420.50"), "EUR"),))


def test_a_media_kit_for_a_french_reader_is_french():
    text = pdf_text.text(report_pdf.render_media_kit(kit(), locale="fr"))
    for expected in ("Engagement par plateforme", "Meilleures publications", "Tarifs", "Anciennes marques partenaires",
                     "Abonnés", "Au 1 mars 2025 : toujours à jour, calculé à l'ouverture.",
                     "24 180",  # 24,180 followers: French groups with a narrow no-break space (NFKC: a space)
                     "420,50 EUR", "5,12 %",  # median 0.0512 as a French percentage
                     "Green Thread Apparel", "page 1 sur"):
        assert expected in text, expected
    assert "Top posts" not in text and "Engagement per platform" not in text


def test_a_media_kit_for_an_arabic_reader_is_shaped_right_to_left_in_logical_order():
    """pypdf reads each glyph back through the ToUnicode map fpdf2 writes with the original letters; the text is
    NFKC-normalised (so presentation forms, if an extractor returned them, compare equal). The joined letter forms
    embedded in the font show the Arabic was shaped with glyphs the font has (no empty boxes)."""
    pdf = report_pdf.render_media_kit(kit(), locale="ar")
    text = pdf_text.text(pdf)
    for expected in ("التفاعل حسب المنصة", "أفضل المنشورات", "الأسعار", "الشركاء التجاريون السابقون", "المتابعون"):
        assert expected in text, expected
    assert "Maya Okafor" in text and "Green Thread Apparel" in text and "@maya.okafor" in text
    assert "Top posts" not in text
    assert pdf_text.joined_arabic_glyphs(pdf)


@pytest.fixture(scope="module")
def report_data(pool, admin_conn):
    world = build_world(pool, admin_conn)
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "Spring launch", offer_ids=[world.offer_id])
    return reports.data(owner, report.id)


def test_a_report_for_a_german_reader_is_german(report_data):
    text = pdf_text.text(report_pdf.render_report(report_data, time_zone="Europe/Berlin", locale="de"))
    # from portal/locale/de/LC_MESSAGES/portal.po
    for expected in ("Spring launch", "Live: Die Zahlen folgen neuen Synchronisierungen", "Summen",
                     "Kennzahl Wert Kennzeichen Definition", "Leistungen und Posts",
                     "Von der Marke eingetragene Conversions", "Seite 1 von",
                     # the totals in German digits: 4,000 views and 3,000 reach in the world (tests/support/reports.py)
                     "4.000", "3.000"):
        assert expected in text, expected
    assert "Deliverables and posts" not in text and "Totals" not in text


def test_a_report_for_an_arabic_reader_is_shaped_arabic_in_logical_order(report_data):
    """Read back as in the media kit test: logical order through ToUnicode, NFKC-normalised."""
    pdf = report_pdf.render_report(report_data, time_zone="Asia/Dubai", locale="ar")
    text = pdf_text.text(pdf)
    for expected in ("المجاميع", "المخرجات والمنشورات", "التحويلات التي أدخلتها العلامة التجارية",
                     "مباشر: الأرقام تتبع المزامنات الجديدة"):
        assert expected in text, expected
    assert "Spring launch" in text and "Totals" not in text
    assert pdf_text.joined_arabic_glyphs(pdf)
