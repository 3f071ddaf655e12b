"""Bidi isolation of the runs a person or a rule supplies (services.core.text.isolated / isolate_runs and the
markdown forms in portal.layout): each run sits between U+2068 (first strong isolate) and U+2069 (pop directional
isolate), in logical order, so a mixed Arabic/English line cannot swap its phrases or move a hashtag's "#" to the
wrong word. Expected strings are written out by hand."""
from __future__ import annotations

from portal import layout
from services.core.text import isolate_runs, isolated, isolated_html, runs

FSI, PDI = "\u2068", "\u2069"
# The UAE rule's finding, as the rule file (services/offers/disclosure_rules/ae.json) words it.
UAE = ('No advertising label found: the Media Council expects "إعلان", "مادة إعلانية", "Advertisement" or "#ad".')


def test_each_quoted_phrase_of_a_mixed_arabic_english_finding_is_isolated_in_logical_order():
    assert isolate_runs(UAE) == (
        FSI + 'No advertising label found: the Media Council expects "' + FSI + "إعلان" + PDI + '", "'
        + FSI + "مادة إعلانية" + PDI + '", "' + FSI + "Advertisement" + PDI + '" or "' + FSI + "#ad" + PDI
        + '".' + PDI)


def test_the_sentence_and_its_runs_come_back_in_the_order_written():
    out = isolate_runs(UAE)
    assert out.replace(FSI, "").replace(PDI, "") == UAE
    assert out.index("إعلان") < out.index("مادة إعلانية") < out.index("Advertisement") < out.index("#ad")


def test_a_hashtag_stays_attached_to_its_word_inside_one_isolate():
    out = isolate_runs("Found only a weak label: #sp; move #ليس_إعلان first")
    assert FSI + "#sp" + PDI in out
    assert FSI + "#ليس_إعلان" + PDI in out
    assert "#" + PDI not in out and FSI + "ليس" not in out


def test_runs_splits_wording_from_supplied_runs():
    assert runs("Put «Anzeige» before „Werbung“ and “إعلان” #ad") == [
        ("Put «", False), ("Anzeige", True), ("» before „", False), ("Werbung", True), ("“ and “", False),
        ("إعلان", True), ("” ", False), ("#ad", True)]


def test_text_with_its_own_bidi_controls_loses_them_before_it_is_isolated():
    # an override typed into a caption cannot escape its isolate
    assert isolated("\u202eevil\u2069 name") == FSI + "evil name" + PDI
    assert isolate_runs('says "x\u202ey"') == FSI + 'says "' + FSI + "xy" + PDI + '"' + PDI


def test_html_surfaces_use_dir_auto():
    assert isolated_html("<b>سارة</b>") == '<bdi dir="auto">&lt;b&gt;سارة&lt;/b&gt;</bdi>'


def test_markdown_forms_escape_inside_the_isolates():
    assert layout.user_text("*Sara* #1") == FSI + "\\*Sara\\* \\#1" + PDI
    assert layout.rule_text('Use "#ad" or "إعلان".') == (
        FSI + 'Use "' + FSI + "\\#ad" + PDI + '" or "' + FSI + "إعلان" + PDI + '"\\.' + PDI)
