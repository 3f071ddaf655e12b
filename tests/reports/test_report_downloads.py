"""Report and media-kit downloads are made when clicked, from the report as it is then: no PDF is rendered
while a page draws, and a link revoked after the page was drawn gives no file and no download on the page."""
from __future__ import annotations

import pytest

from services.core.db.gateway import ANONYMOUS
from services.core.db.postgres import PostgresGateway
from services.reports import media_kit, reports
from services.reports import pdf as report_pdf
from tests.support.app import texts
from tests.support.databases import demo_workspace
from tests.support.demo_pages import gw, open_page, visitor

REPORT = "Ramadan pantry box · results"  # made by services/demo/reports.py


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "report_downloads", days=30) as backend:
        yield backend


def amira_report(demo) -> reports.Report:
    return next(r for r in reports.list_reports(gw(demo, "amira")) if r.title == REPORT)


def download_keys(at) -> set[str]:
    return {d.key for d in at.get("download_button")}


@pytest.fixture
def no_pdf_while_drawing(monkeypatch):
    """Any PDF rendered while a page draws fails the page."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a PDF was rendered while the page was drawn")
    monkeypatch.setattr(report_pdf, "render_report", refuse)
    monkeypatch.setattr(report_pdf, "render_media_kit", refuse)


def test_no_pdf_is_rendered_while_the_report_pages_draw(demo, no_pdf_while_drawing):
    report = amira_report(demo)
    link = reports.share_link(gw(demo, "amira"), report.id, "live", valid_days=2)
    shown = visitor(demo, report=link.token)
    assert not shown.exception, shown.exception
    assert {"link_report_pdf", "link_report_csv_posts", "link_report_csv_totals"} <= download_keys(shown)
    kit = visitor(demo, kit="maya-okafor")
    assert not kit.exception, kit.exception
    assert "link_kit_pdf" in download_keys(kit)
    creator = open_page(demo, "amira", "reports/reports_and_media_kit")
    assert "creator_report_pdf" in download_keys(creator)


def test_a_link_revoked_after_the_page_was_drawn_gives_no_file_and_no_download(demo):
    report = amira_report(demo)
    amira = gw(demo, "amira")
    link = reports.share_link(amira, report.id, "frozen", valid_days=2)
    anonymous = PostgresGateway(demo.pool, ANONYMOUS)
    at = visitor(demo, report=link.token)
    assert {"link_report_pdf", "link_report_csv_posts"} <= download_keys(at)
    views = len(reports.views(amira, report.id))
    # What the page's download buttons run when clicked (the same reader the page gives them).
    visit = reports.new_visit_key()  # the visit the page was drawn in: a download is not a second opening
    reports.open_link(anonymous, link.token, visit=visit)
    views += 1
    pdf = reports.file_on_demand(lambda: reports.open_link(anonymous, link.token, visit=visit),
                                 lambda d: report_pdf.render_report(d, time_zone="UTC"))
    posts = reports.file_on_demand(lambda: reports.open_link(anonymous, link.token, visit=visit),
                                   lambda d: reports.rows_frame(d).to_csv(index=False))
    assert pdf()[:5] == b"%PDF-" and "Ramadan" in posts()
    assert len(reports.views(amira, report.id)) == views, "a download is not a second opening in the view log"

    reports.revoke(amira, link.share.id)

    with pytest.raises(reports.NoLongerShared):
        pdf()
    with pytest.raises(reports.NoLongerShared):
        posts()
    at.run()  # the same visitor's next run of the page
    assert not at.exception
    assert [t.value for t in at.title] == ["This link is no longer valid"]
    assert not at.get("download_button"), "a revoked link's page offers no download"
    assert "Ramadan" not in texts(at)


def test_a_switched_off_media_kit_gives_no_pdf_from_a_page_drawn_before(demo):
    from dataclasses import replace

    anonymous = PostgresGateway(demo.pool, ANONYMOUS)
    maya = gw(demo, "maya")
    pdf = reports.file_on_demand(lambda: media_kit.open_link(anonymous, "maya-okafor"), report_pdf.render_media_kit)
    assert pdf()[:5] == b"%PDF-"
    current = media_kit.get_settings(maya)
    media_kit.save(maya, replace(current, enabled=False))
    try:
        with pytest.raises(reports.NoLongerShared):
            pdf()
    finally:
        media_kit.save(maya, current)
