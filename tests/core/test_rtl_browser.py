"""Right to left done by the locale, measured in headless Chromium: in Arabic a list's bullets and an alert's or an
expander's icon sit on the right, beside their text; in English the same page keeps them on the left. Local mode,
a fresh demo workspace; the creator's language is her profile's, a visitor's the shared link's ?lang=.

The Import page is measured: it has a bulleted list (in the "Which files, and where to find them" expander, three
items of two lines each at 1280 px), the "no file imported yet" note (an alert with an icon) and an expander header (an
arrow icon and a label). Home adds a metric's delta arrow and a button with an icon."""
from __future__ import annotations

import pytest

from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.reports import reports
from tests.support.browser import RENDER_TIMEOUT, diagnose
from tests.support.demo_browser import module_fixtures, new_page, sign_in, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

REPORT = "Spring denim edit · results"  # made by services/demo/reports.py
SLACK = 2  # px: rounding of sub-pixel boxes

# Boxes of the first list in the main column, of its first item, of that item's text lines (one rectangle per line,
# from a Range over the item's contents), of the note's icon and text, of the expander's arrow and label.
_GEOMETRY = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right}; };
  const main = document.querySelector('[data-testid="stMain"]');
  const ul = main.querySelector('[data-testid="stMarkdownContainer"] ul');
  const li = ul.querySelector('li');
  const range = document.createRange();
  range.selectNodeContents(li);
  const lines = [];  // rectangles whose vertical centres are within 8 px are one line (bold and plain runs)
  for (const r of range.getClientRects()) {
    if (r.width === 0) continue;
    const y = (r.top + r.bottom) / 2;
    let line = lines.find(l => Math.abs(l.y - y) < 8);
    if (!line) lines.push(line = {y, left: r.left, right: r.right});
    line.left = Math.min(line.left, r.left); line.right = Math.max(line.right, r.right);
  }
  const alert = [...main.querySelectorAll('[data-testid="stAlert"]')]
    .find(a => a.querySelector('[data-testid="stAlertContentInfo"]'));
  const summary = main.querySelector('[data-testid="stExpander"] summary');
  const padding = getComputedStyle(li);
  return {
    direction: getComputedStyle(main).direction,
    container: box(ul.parentElement), li: box(li),
    liPadding: {left: parseFloat(padding.paddingLeft), right: parseFloat(padding.paddingRight)},
    lines,
    alertIcon: box(alert.querySelector('[data-testid="stAlertDynamicIcon"]')),
    alertText: box(alert.querySelector('[data-testid="stMarkdownContainer"]')),
    arrow: box(summary.querySelector('[data-testid="stIconMaterial"]')),
    label: box(summary.querySelector('[data-testid="stMarkdownContainer"]')),
  };
}"""


browser_dir, db, portal, chromium = module_fixtures("rtl")


def _set_locale(pool, locale: str) -> None:
    with pool.connection() as conn:
        conn.execute("update public.profiles set locale = %s where id = %s", (locale, demo_person("maya").id))


def _open_as_maya_in(page, portal, pool, locale: str, path: str) -> None:
    """Signed in as Maya (the sign-in helper reads English headings), then `path` loaded again so a new session
    reads her profile's language, `locale`."""
    _set_locale(pool, "en")
    sign_in(page, portal, "maya", expect)
    _set_locale(pool, locale)
    page.goto(portal.url + path, wait_until="domcontentloaded")


def _import_page_geometry(chromium, portal, pool, locale: str, artifacts) -> dict:
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=artifacts):
            _open_as_maya_in(page, portal, pool, locale, "/import")
            page.get_by_test_id("stExpander").locator("summary").click(timeout=RENDER_TIMEOUT)
            expect(page.get_by_test_id("stExpander").locator("li").first).to_be_visible()
            wait_idle(page)
            return page.evaluate(_GEOMETRY)
    finally:
        context.close()
        _set_locale(pool, "en")


def test_in_arabic_bullets_and_icons_sit_on_the_right_beside_their_text(chromium, portal, db, tmp_path):
    """Expected geometry, right to left. The list's bullet is drawn outside its item on the item's inline-start
    side, which is the right: so the item's right edge stays inside the list's container, leaving at least a
    bullet's width (Streamlit's 1.15em, about 18 px at 16 px type) between them for the bullet, and the item's left
    edge reaches the container's left edge. Every line of the item starts at the right: its right edge is the item's
    right edge less the item's inline-start padding (0.3em), whatever the line's length; a short last line ending
    at the left (left-aligned text) would sit apart from the bullet. The alert's icon and the expander's arrow come
    first in their row, so they are to the right of their text."""
    g = _import_page_geometry(chromium, portal, db[1], "ar", tmp_path)
    assert g["direction"] == "rtl"
    container, li = g["container"], g["li"]
    assert container["right"] - li["right"] >= 12, g
    assert abs(li["left"] - container["left"]) <= SLACK, g
    assert len(g["lines"]) >= 2, g  # the Instagram item wraps at this width
    for line in g["lines"]:
        assert abs(line["right"] - (li["right"] - g["liPadding"]["right"])) <= SLACK, g
        assert line["left"] < line["right"]
    assert g["alertIcon"]["left"] >= g["alertText"]["right"] - SLACK, g
    assert g["arrow"]["left"] >= g["label"]["right"] - SLACK, g


def test_in_english_the_same_page_keeps_bullets_and_icons_on_the_left(chromium, portal, db, tmp_path):
    """Expected geometry, left to right (Streamlit's own layout, unchanged): the bullet sits in the item's 1.15em
    left margin, so the item's left edge is at least about 18 px right of the container's left edge and its right
    edge is the container's; every line starts at the item's left edge plus its 0.3em left padding; the alert's
    icon and the expander's arrow are to the left of their text."""
    g = _import_page_geometry(chromium, portal, db[1], "en", tmp_path)
    assert g["direction"] == "ltr"
    container, li = g["container"], g["li"]
    assert li["left"] - container["left"] >= 12, g
    assert abs(li["right"] - container["right"]) <= SLACK, g
    assert len(g["lines"]) >= 2, g
    for line in g["lines"]:
        assert abs(line["left"] - (li["left"] + g["liPadding"]["left"])) <= SLACK, g
    assert g["alertIcon"]["right"] <= g["alertText"]["left"] + SLACK, g
    assert g["arrow"]["right"] <= g["label"]["left"] + SLACK, g


@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("en", "ltr")])
def test_a_visitor_reads_a_shared_report_in_the_direction_of_the_language_chosen(chromium, portal, db, tmp_path,
                                                                                lang, direction):
    """A signed-out visitor has no profile: the direction follows the link's ?lang=."""
    as_maya = PostgresGateway(db[1], demo_person("maya").person())
    report = next(r for r in reports.list_reports(as_maya) if r.title == REPORT)
    token = reports.share_link(as_maya, report.id, "live").token
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=tmp_path):
            page.goto(reports.link_url(portal.url, token) + f"&lang={lang}", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name=REPORT)).to_be_visible(timeout=RENDER_TIMEOUT)
            wait_idle(page)
            page.wait_for_function("d => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]'))"
                                   ".direction === d", arg=direction, timeout=10_000)
    finally:
        context.close()


# On Home: the first metric's delta (an arrow icon and its text) and the first button with an icon (Send reminder).
_HOME_GEOMETRY = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right}; };
  const main = document.querySelector('[data-testid="stMain"]');
  const delta = main.querySelector('[data-testid="stMetricDelta"]');
  const button = [...main.querySelectorAll('button')].find(b => b.querySelector('[data-testid="stIconMaterial"]')
                                                           && b.querySelector('[data-testid="stMarkdownContainer"]'));
  return {
    deltaIcon: box(delta.querySelector('svg, [data-testid="stIconMaterial"]')),
    deltaText: box(delta.querySelector('[data-testid="stMarkdownContainer"]')),
    buttonIcon: box(button.querySelector('[data-testid="stIconMaterial"]')),
    buttonText: box(button.querySelector('[data-testid="stMarkdownContainer"]')),
  };
}"""


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_metric_delta_arrow_and_a_button_icon_come_first_in_the_reading_direction(chromium, portal, db, tmp_path,
                                                                                    lang):
    """Expected geometry: an icon comes before its text in reading order, so in Arabic (right to left) the delta's
    arrow and the button's icon are to the right of their text, and in English to the left."""
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=tmp_path):
            _open_as_maya_in(page, portal, db[1], lang, "/")
            expect(page.get_by_test_id("stMetricDelta").first).to_be_visible(timeout=RENDER_TIMEOUT)
            wait_idle(page)
            g = page.evaluate(_HOME_GEOMETRY)
    finally:
        context.close()
        _set_locale(db[1], "en")
    if lang == "ar":
        assert g["deltaIcon"]["left"] >= g["deltaText"]["right"] - SLACK, g
        assert g["buttonIcon"]["left"] >= g["buttonText"]["right"] - SLACK, g
    else:
        assert g["deltaIcon"]["right"] <= g["deltaText"]["left"] + SLACK, g
        assert g["buttonIcon"]["right"] <= g["buttonText"]["left"] + SLACK, g


def test_the_local_mode_notice_is_in_the_signed_in_person_s_language_from_the_first_load(chromium, portal, db, tmp_path):
    """The notice is written after the profile is read: a new session of a person whose language is Arabic shows
    it in Arabic at once (the catalogue's "الوضع المحلي: …"), not first in the browser's English."""
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=tmp_path):
            _open_as_maya_in(page, portal, db[1], "ar", "/import")
            expect(page.get_by_text("الوضع المحلي: يستطيع كل من يفتح هذه الصفحة")).to_be_visible(timeout=RENDER_TIMEOUT)
            wait_idle(page)
            assert page.get_by_text("Local mode: anyone who can open this page").count() == 0
    finally:
        context.close()
        _set_locale(db[1], "en")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_home_s_waiting_list_shows_each_item_s_whole_sentence(chromium, portal, db, tmp_path, lang):
    """Each item of Home's "Waiting for you" list is a link whose label is a sentence (who, what, how much, until
    when). Streamlit cuts a page link's label to one line with an ellipsis; in Arabic the cut fell on the sentence's
    end. Every label must show all of its text: no label is wider inside than the box that shows it."""
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=tmp_path):
            _open_as_maya_in(page, portal, db[1], lang, "/")
            expect(page.get_by_test_id("stMain").get_by_test_id("stPageLink-NavLink").first).to_be_visible(
                timeout=RENDER_TIMEOUT)
            wait_idle(page)
            labels = page.evaluate("""() => [...document.querySelectorAll(
                '[data-testid="stMain"] [data-testid="stPageLink-NavLink"] > span:last-child')].map(e => ({
                    text: e.innerText, scroll: e.scrollWidth, client: e.clientWidth}))""")
            assert labels, "Home lists what is waiting for Maya"
            cut = [label for label in labels if label["scroll"] > label["client"] + 1]
            assert not cut, cut
    finally:
        context.close()
        _set_locale(db[1], "en")
