"""Text a person typed reaches the other party inert, on every page: a demo workspace whose every free-text field
holds a markdown image, raw HTML, a spreadsheet formula and (where the database allows it) a right-to-left
override, walked page by page as the creator and as her brand partner (and a link holder). Nothing may render
an image or HTML (no unescaped `![` or `<img` on any markdown surface), reverse a line (no U+202A-202E anywhere,
tables included), or export a formula (the tables' own CSV download is off; CSVs come from to_safe_csv)."""
from __future__ import annotations

import re

import psycopg
import pytest
from google.protobuf.json_format import MessageToDict
from psycopg import sql
from streamlit import config as st_config

from portal import layout, menu
from services.core.csv_export import to_safe_csv
from services.core.db.postgres import PostgresGateway
from services.core.text import BIDI_CONTROLS, inert
from services.reports import reports
from services.core.db.gateway import ANONYMOUS as ANONYMOUS_VISITOR
from tests.support.app import app_for
from tests.support.databases import demo_workspace
from tests.support.demo_pages import as_demo, gw

OVERRIDES = "\u202a\u202b\u202c\u202d\u202e"
# Long text: a formula first, then an image, HTML and a right-to-left override.
PAYLOAD = "=cmd|'/C calc'!A0 ![x](http://t.example/p.png) <img src=x> \u202eevil"
# Names: the database refuses bidirectional controls in them, so the name payload has none.
NAME = "@SUM(1+1) ![n](http://t.example/n.png) <img src=n>"

# (table, column, where): every free-text column a person types that another person may see.
FIELDS = (
    ("profiles", "display_name", "true", NAME),
    ("profiles", "niche", "true", PAYLOAD),
    ("brands", "name", "true", NAME),
    ("offers", "campaign", "true", PAYLOAD),
    ("offers", "brand_name", "true", NAME),
    ("offers", "notes", "true", PAYLOAD),
    ("offers", "status_note", "status_note is not null", PAYLOAD),
    ("offer_events", "note", "note is not null", PAYLOAD),
    ("deliverables", "caption", "caption is not null", PAYLOAD),
    ("deliverables", "draft_note", "draft_note is not null", PAYLOAD),
    ("deliverables", "review_note", "review_note is not null", PAYLOAD),
    ("posts", "caption", "true", PAYLOAD),
    ("payouts", "description", "true", PAYLOAD),
    ("payouts", "brand_name", "true", NAME),
    ("payouts", "dispute_note", "dispute_note is not null", PAYLOAD),
    ("payouts", "status_note", "status_note is not null", PAYLOAD),
    ("payout_events", "note", "note is not null", PAYLOAD),
    ("payments", "note", "true", PAYLOAD),
    ("reports", "title", "true", PAYLOAD),
    ("reports", "brand_name", "brand_name is not null", NAME),
    ("report_shares", "label", "label is not null", PAYLOAD),
    ("report_conversions", "label", "true", PAYLOAD),
    ("media_kits", "headline", "true", PAYLOAD),
    ("social_accounts", "handle", "true", NAME),
    ("invitations", "brand_name", "true", NAME),
    ("billing_details", "legal_name", "true", NAME),
    ("billing_details", "address", "true", PAYLOAD),
    ("billing_details", "payment_instructions", "true", PAYLOAD),
    ("fx_rates", "note", "note is not null", PAYLOAD),
)


@pytest.fixture(scope="module")
def poisoned(database):
    with demo_workspace(database, "user_text", days=30) as backend:
        maya = gw(backend, "maya")
        report = reports.list_reports(maya)[0]
        link = reports.share_link(maya, report.id, "live", valid_days=3, label="Agency")
        with psycopg.connect(backend.admin_url, autocommit=True) as conn:
            conn.execute("alter table public.invoices disable trigger user")  # issued invoices are immutable
            for table, column, where, value in FIELDS:
                conn.execute(sql.SQL("update {} set {} = %s where " + where).format(
                    sql.Identifier("public", table), sql.Identifier(column)), (value,))
            # references are unique per creator: the payload, then the payment's own id
            conn.execute("update public.payments set reference = %s || ' ' || left(id::text, 8)", (PAYLOAD,))
            conn.execute("update public.media_kits set partner_names = array[%s]", (NAME,))
            conn.execute("alter table public.invoices enable trigger user")
        yield backend, link.token


MARKDOWN_KEYS = {"body", "label", "help", "caption", "captions", "placeholder", "title", "text"}
UNESCAPED = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)<img", re.IGNORECASE)


def _strings(node, key=None, out=None):
    out = [] if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            _strings(v, k, out)
    elif isinstance(node, list):
        for v in node:
            _strings(v, key, out)
    elif isinstance(node, str):
        out.append((key, node))
    return out


def _elements(at):
    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict)
                     else [])
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield node, proto


def check_page(at, where: str) -> int:
    assert not at.exception, f"{where}: {at.exception}"
    problems, seen = [], 0
    for node, proto in _elements(at):
        kind = proto.WhichOneof("type") if hasattr(proto, "WhichOneof") and "type" in \
            [o.name for o in proto.DESCRIPTOR.oneofs] else type(proto).__name__
        fields = _strings(MessageToDict(proto))
        radio = kind == "radio" or "radio" in str(type(node)).lower()
        for key, text in fields:
            # an input being edited shows exactly what is stored (so saving does not change it); it renders no markup
            if any(ch in text for ch in OVERRIDES) and key not in ("default", "value"):
                problems.append(f"{kind}.{key} holds a bidirectional override: {text[:80]!r}")
            markdown = key in MARKDOWN_KEYS or (radio and key == "options")
            if markdown and UNESCAPED.search(text):
                problems.append(f"{kind}.{key} renders markup someone typed: {text[:120]!r}")
            if PAYLOAD[:12] in text or NAME[:9] in text or "t.example" in text:
                seen += 1
    for frame in at.dataframe:
        table = frame.value
        cells = [str(c) for c in table.columns] + [str(v) for v in table.to_numpy().ravel()]
        for value in cells:
            if any(ch in value for ch in OVERRIDES):
                problems.append(f"a table cell holds a bidirectional override: {value[:80]!r}")
            if "t.example" in value:
                seen += 1
    assert problems == [], f"{where}:\n" + "\n".join(problems[:15])
    return seen


@pytest.mark.parametrize("key, role", [("maya", "creator"), ("sofia", "brand_partner"), ("nadia", "brand_partner")])
def test_every_page_shows_typed_text_inert(poisoned, key, role):
    backend, _ = poisoned
    at = as_demo(backend, key).run()
    total = check_page(at, f"{key} home")
    for entry in menu.MENU[role]:
        at.switch_page(f"../pages/{entry.script}.py").run()
        total += check_page(at, f"{key} {entry.script}")
    assert total > 0, "the payloads reached the pages (so the checks looked at them)"
    assert st_config.get_option("client.disableDataExport") is True


def test_a_shared_link_shows_typed_text_inert(poisoned):
    backend, token = poisoned
    at = app_for(backend.admin_url)
    at.query_params["report"] = token
    at.run()
    assert check_page(at, "shared link") > 0


def test_the_payloads_survive_into_the_database_as_typed(poisoned):
    """The database keeps what was typed; only what is shown is made inert."""
    backend, _ = poisoned
    with psycopg.connect(backend.admin_url) as conn:
        assert conn.execute("select niche from public.profiles limit 1").fetchone()[0] == PAYLOAD


# -- the one rendering path ---------------------------------------------------------------------------------------

def test_inert_removes_bidi_controls_and_invisible_characters_and_caps_the_length():
    assert inert("Ma\u202eya\u200b\u2066x\u2069\u061c") == "Mayax"
    assert inert("a\r\nb\tc") == "a b c" and inert("a\nb", multiline=True) == "a\nb"
    assert inert("x" * 10, 5) == "xxxx…" and inert(None) == ""
    assert inert("گل\u200cها 👩\u200d💻") == "گل\u200cها 👩\u200d💻", "joiners that scripts and emoji need stay"
    assert not any(ch in inert(PAYLOAD) for ch in BIDI_CONTROLS)


def test_user_text_escapes_markdown_and_isolates_the_name():
    shown = layout.user_text(PAYLOAD)
    assert shown.startswith("\u2068") and shown.endswith("\u2069")
    assert not UNESCAPED.search(shown) and "\\!\\[x\\]\\(http\\:" in shown
    assert "\u202e" not in shown and "$" not in layout.escape_md("$x$").replace("\\$", "")


def test_the_csv_exporter_neutralises_formulas_people_typed():
    import pandas as pd
    csv = to_safe_csv(pd.DataFrame({"reference": ["=cmd|'/C calc'!A0", "@SUM(1+1)"]})).decode()
    assert "'=cmd" in csv and "'@SUM" in csv


def test_the_table_toolbar_download_is_off_in_the_shipped_config():
    import tomllib
    from pathlib import Path
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


@pytest.mark.parametrize("table, column", [("profiles", "display_name"), ("brands", "name"),
                                           ("invitations", "brand_name"), ("offers", "brand_name"),
                                           ("payouts", "brand_name"), ("reports", "brand_name"),
                                           ("billing_details", "legal_name")])
def test_names_refuse_bidirectional_controls(admin_conn, table, column):
    checks = [r["d"] for r in admin_conn.execute(
        "select pg_get_constraintdef(oid) as d from pg_constraint where conrelid = %s::regclass and contype = 'c'",
        (f"public.{table}",))]
    assert any(f"has_no_bidi_controls({column})" in d for d in checks)


def test_a_profile_named_with_a_right_to_left_override_is_refused(admin_conn):
    for name in ("Maya \u202eevil", "Maya \u2067x\u2069", "Maya \u200f"):
        with pytest.raises(psycopg.errors.CheckViolation):
            with admin_conn.transaction():
                admin_conn.execute("insert into public.profiles (id, display_name) values (gen_random_uuid(), %s)",
                                   (name,))
    with admin_conn.transaction():
        row = admin_conn.execute("insert into public.profiles (id, display_name) values (gen_random_uuid(), %s) "
                                 "returning id", ("مايا أوكافور",)).fetchone()
        admin_conn.execute("delete from public.profiles where id = %s", (row["id"],))


def test_free_text_columns_are_capped(poisoned):
    backend, _ = poisoned
    with psycopg.connect(backend.admin_url) as conn:
        assert conn.execute("select count(*) from public.posts").fetchone()[0] > 0
        for statement in ("update public.posts set caption = repeat('x', 10001)",
                          "update public.offer_events set note = repeat('x', 2001)",
                          "update public.social_accounts set status_message = repeat('x', 1001)"):
            with pytest.raises(psycopg.errors.CheckViolation):
                with conn.transaction():
                    conn.execute(statement)


def test_report_pdfs_and_csvs_hold_typed_text_inert(poisoned):
    import io
    from pypdf import PdfReader
    from services.reports import pdf as report_pdf
    backend, token = poisoned
    data = reports.open_link(PostgresGateway(backend.pool, ANONYMOUS_VISITOR), token)
    pdf = report_pdf.render_report(data)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "=cmd" in text, "the typed title is in the PDF"
    assert not any(ch in text for ch in BIDI_CONTROLS)
    reader = PdfReader(io.BytesIO(pdf))
    assert "\u202e" not in str(reader.metadata.title) and "\u202e" not in str(reader.metadata.author)
    csv = to_safe_csv(reports.rows_frame(data)).decode()
    assert not any(ch in csv for ch in BIDI_CONTROLS)


@pytest.mark.parametrize("module", ["services.reports.pdf", "services.payouts.invoice_pdf"])
def test_every_pdf_writer_draws_text_through_inert(module):
    import importlib
    document = importlib.import_module(module)._Document(format="A4", unit="mm")
    document.add_portal_fonts()
    document.set_font("DejaVu", size=9)
    assert document.normalize_text("Pay \u202eevil\u200b to Maya\u2066x\u2069") == "Pay evil to Mayax"
    document.set_author("Studio \u202eevil")
    assert document.author == "Studio evil"
