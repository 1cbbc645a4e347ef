"""The Slack text builder: outside values are escaped on the way in, links and mentions are built only here."""

from __future__ import annotations

import pytest

from agents.common.mrkdwn import Mrkdwn, authored, bounded, esc, link, mention, quote, unescape

HOSTILE = "Fix login> <!channel> <https://evil.example/sso|Re-authenticate here"


def test_esc__escapes_the_three_control_characters_and_leaves_safe_text_alone() -> None:
    assert esc("R&D <!here> a>b") == "R&amp;D &lt;!here&gt; a&gt;b"
    assert esc(esc("a & b")) == "a &amp; b"  # Mrkdwn is not escaped twice
    assert esc(None) == "" and esc(42) == "42"


def test_format_join_and_add__escape_plain_values_but_not_mrkdwn() -> None:
    line = Mrkdwn("QA: {} → {} ({n})").format(link("https://t.example/1", "Coupons"), "Quinn <3", n=2)
    assert line == "QA: <https://t.example/1|Coupons> → Quinn &lt;3 (2)"
    assert Mrkdwn(", ").join(["<!here>", mention("U0LEE")]) == "&lt;!here&gt;, <@U0LEE>"
    assert Mrkdwn("a ") + "<b>" == "a &lt;b&gt;" and "<b>" + Mrkdwn(" a") == "&lt;b&gt; a"
    assert isinstance(Mrkdwn("x {}").format("y").rstrip(), Mrkdwn)


def test_link__a_hostile_label_cannot_close_the_link_or_add_a_second_one() -> None:
    assert link("https://app.clickup.com/t/T1", HOSTILE) == (
        "<https://app.clickup.com/t/T1|Fix login&gt; &lt;!channel&gt; &lt;https://evil.example/ssoRe-authenticate "
        "here>")
    assert link("https://x.example", "a|b>c") == "<https://x.example|ab&gt;c>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "mailto:a@b.c", "JAVASCRIPT:x", "//evil.example", "",
                                 None, "https://evil.example/a b", "https://a.example|<!channel>", "https://x>y"])
def test_link__refuses_anything_but_a_clean_http_address_and_shows_the_label_only(url: str | None) -> None:
    assert link(url, "<label>") == "&lt;label&gt;"


def test_link__scheme_is_case_insensitive_and_ampersands_in_the_address_are_escaped() -> None:
    assert link("HTTPS://x.example/a?b=1&c=2", "Doc") == "<HTTPS://x.example/a?b=1&amp;c=2|Doc>"


def test_mention__only_a_real_user_id_becomes_a_mention() -> None:
    assert mention("U0QUINN") == "<@U0QUINN>"
    assert mention("!channel") == "!channel" and mention("U1> <!here") == "U1&gt; &lt;!here"


def test_bounded__cuts_before_escaping_so_an_entity_is_never_split() -> None:
    assert bounded("a&b&c", 3) == "a&amp;…"
    assert bounded("<<<<<<", 4) == "&lt;&lt;&lt;…"
    assert bounded("short & fine", 40) == "short &amp; fine"
    assert bounded(esc("a & b & c & d"), 6) == "a &amp; b…"  # an escaped value is cut on its plain text


def test_link__with_a_limit_bounds_the_label_before_escaping() -> None:
    assert link("https://x.example", "R&D & more", limit=5) == "<https://x.example|R&amp;D…>"


def test_quote__every_line_of_an_outside_text_is_escaped() -> None:
    assert quote("<!channel>\n\nsecond > line") == "> &lt;!channel&gt;\n>\n> second &gt; line"


def test_authored__keeps_user_and_channel_references_and_links_and_neutralises_broadcasts() -> None:
    text = "ask <@U0QUINN> in <#C0QA|qa>, see <https://wiki.example|wiki> &lt;b&gt; <!channel> <!here> " \
           "<!everyone> <!subteam^S1|@devs> <mailto:a@b.c|mail> <javascript:x|y> R&D"
    assert authored(text) == (
        "ask <@U0QUINN> in <#C0QA>, see <https://wiki.example|wiki> &lt;b&gt; &lt;!channel&gt; &lt;!here&gt; "
        "&lt;!everyone&gt; &lt;!subteam^S1|@devs&gt; &lt;mailto:a@b.c|mail&gt; &lt;javascript:x|y&gt; R&amp;D")


def test_slicing_escaped_text_gives_plain_str_not_mrkdwn() -> None:
    assert type(esc("a & b")[:3]) is str
    assert unescape(esc(HOSTILE)) == HOSTILE
