"""Plain-text import: lists, boilerplate tables per language, Markdown escaping, UTF-8."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown import Markdown

from briefings.tools.importer import (
    BOILERPLATE_BY_LANGUAGE,
    Heading,
    ItemList,
    Quote,
    compile_patterns,
    escape_text,
    parse_text,
    strip_blocks,
    strip_boilerplate,
    to_markdown,
)
from briefings.tools.importer.reading import DecodeError, decode_html, decode_text

pytestmark = pytest.mark.core
PATTERNS = compile_patterns()

# (language, boilerplate lines, real sentences that start the same way or mention the same)
TABLE = {
    "en": (
        ["• Also read: Severodonetsk “completely occupied”", "Read more: the full report",
         "Related stories", "See also", "Leave a Comment", "12 comments", "Share this article",
         "Share", "Tweet", "Advertisement", "Follow us on Twitter", "Follow us on X",
         "Sign up for our daily newsletter", "Subscribe to our newsletter",
         "We use cookies to improve your experience on our site.",
         "This website uses cookies.", "Accept all cookies", "Cookie settings",
         "By continuing to browse you accept our use of cookies.",
         "© 2023 The Example Courier. All rights reserved.", "Copyright 2023 Example Media"],
        ["Also more than 300 homes were destroyed, officials said.",
         "Read the statement in full, the minister told reporters.",
         "Related talks continued on Friday.", "See how the vote went in each region.",
         "Share the burden, the minister said.", "Comments from the union were not available.",
         "Volunteers handed out cookies and coffee to the strikers.",
         "The regulator fined the company for setting cookies without consent.",
         "Follow-up talks are planned for March.", "Copyright law was reformed in 2019.",
         "Advertisements for the rally appeared overnight."],
    ),
    "fr": (
        ["À lire aussi : Le port reste fermé", "Lire aussi", "Voir aussi : nos archives",
         "Laisser un commentaire", "Partager cet article", "Partager sur Facebook",
         "Publicité", "Suivez-nous sur Instagram", "Abonnez-vous à notre newsletter",
         "Ce site utilise des cookies pour améliorer votre expérience.",
         "Accepter les cookies", "© 2023 Le Courrier. Tous droits réservés."],
        ["Lire entre les lignes n'est pas facile, a dit le ministre.",
         "Aussi plus de 300 maisons ont été détruites.",
         "Partager le pouvoir reste difficile, selon le président.",
         "La publicité politique est interdite pendant la campagne.",
         "Les cookies de la boulangerie ont été vendus en une heure."],
    ),
    "de": (
        ["Lesen Sie auch: Der Hafen bleibt geschlossen", "Mehr zum Thema", "Artikel teilen",
         "Teilen", "Kommentare", "Anzeige", "Folgen Sie uns auf Instagram",
         "Newsletter abonnieren", "Wir verwenden Cookies, um unsere Website zu verbessern.",
         "Alle Cookies akzeptieren", "© 2023 Beispiel Verlag. Alle Rechte vorbehalten."],
        ["Lesen war für ihn das Wichtigste, sagte sie.",
         "Auch mehr als 300 Häuser wurden zerstört.",
         "Teilen sich die Parteien die Macht, entsteht eine Koalition.",
         "Anzeigen gegen den Bürgermeister wurden erstattet.",
         "Kommentare des Ministers sorgten für Kritik."],
    ),
    "it": (
        ["Leggi anche: Porti, il governo convoca le parti", "Condividi", "Condividi su Facebook",
         "Lascia un commento", "Pubblicità", "Seguici su Facebook",
         "Iscriviti alla newsletter", "Questo sito utilizza i cookie per migliorare il servizio.",
         "Accetta tutti i cookie", "© RIPRODUZIONE RISERVATA"],
        ["Leggi severe sul lavoro notturno sono al centro della trattativa.",
         "Anche più di 300 case sono state distrutte.",
         "Condividi la responsabilità, ha detto il ministro.",
         "La stampa estera era presente alla conferenza."],
    ),
    "es": (
        ["Lee también: El puerto sigue cerrado", "Te puede interesar", "Compartir",
         "Compartir en Facebook", "Deja un comentario", "Publicidad", "Síguenos en Instagram",
         "Suscríbete a nuestro boletín", "Este sitio web utiliza cookies para mejorar el servicio.",
         "Aceptar todas las cookies", "© 2023 El Diario. Todos los derechos reservados."],
        ["Leer es un derecho, dijo la ministra.", "También más de 300 casas fueron destruidas.",
         "Compartir el poder no es fácil, afirmó.",
         "La publicidad electoral está prohibida desde el lunes."],
    ),
    "fi": (
        ["Lue myös: Satama pysyy suljettuna", "Lue lisää", "Jaa", "Jaa artikkeli", "Kommentoi",
         "Mainos", "Seuraa meitä Instagramissa", "Tilaa uutiskirje",
         "Käytämme evästeitä palvelun parantamiseen.", "Hyväksy kaikki evästeet"],
        ["Lue-taito on parantunut, kertoo raportti.",
         "Jaakko Virtanen sanoi, että neuvottelut jatkuvat.",
         "Myös yli 300 taloa tuhoutui.", "Mainoskampanja alkoi maanantaina."],
    ),
    "pl": (
        ["Czytaj też: Port pozostaje zamknięty", "Zobacz także", "Udostępnij", "Skomentuj",
         "Reklama", "Obserwuj nas na Facebooku", "Zapisz się do newslettera",
         "Ta strona używa plików cookie.", "Akceptuję wszystkie pliki cookies",
         "© 2023 Gazeta. Wszelkie prawa zastrzeżone."],
        ["Czytaj uważnie, ostrzegł minister.", "Także ponad 300 domów zostało zniszczonych.",
         "Reklamacje rozpatrzono w ciągu tygodnia.", "Zobacz, jak głosowały regiony."],
    ),
    "zh": (
        ["相关阅读：港口工资谈判陷入僵局", "相关新闻", "延伸阅读", "分享到：", "分享", "责任编辑：王某某",
         "【纠错】", "打印本页", "版权所有 示例新闻网", "扫一扫在手机打开当前页"],
        ["分享经济的发展也让不少码头工人开始从事兼职工作。", "相关部门表示将加强监管。",
         "广告业收入增长了百分之十。", "他曾担任该报责任编辑多年。"],
    ),
    "ja": (
        ["関連記事：港の給料の話し合いが止まる", "関連ニュース", "シェアする", "ツイート", "広告",
         "当サイトではCookieを使用しています。", "無断転載を禁じます", "2023年2月2日 9時00分"],
        ["広告業界の売上は前年比で増加した。", "関連する法律が改正された。",
         "シェアリングエコノミーが広がっている。"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(TABLE))
def test_boilerplate_goes_and_real_sentences_stay(language: str) -> None:
    boilerplate, sentences = TABLE[language]
    kept, removed = strip_boilerplate([*boilerplate, *sentences], PATTERNS)
    assert removed == boilerplate
    assert kept == sentences


def test_every_language_has_patterns_of_its_own() -> None:
    assert set(TABLE) <= set(BOILERPLATE_BY_LANGUAGE)
    assert all(BOILERPLATE_BY_LANGUAGE[lang] for lang in TABLE)


def test_long_paragraphs_are_never_boilerplate() -> None:
    long = "Share the burden, the minister said, " + "and the talks went on for hours. " * 5
    kept, removed = strip_boilerplate([long, "Share this article", "• Also read: x"], PATTERNS)
    assert kept == [long]
    assert removed == ["Share this article", "• Also read: x"]


def test_site_patterns_extend_the_defaults() -> None:
    patterns = compile_patterns(["^Promo:"])
    assert strip_boilerplate(["Promo: buy now", "Prompt action"], patterns) == (
        ["Prompt action"],
        ["Promo: buy now"],
    )


# -- lists -----------------------------------------------------------------------------


def test_consecutive_list_lines_stay_a_list() -> None:
    article = parse_text(
        "Headline\n\nLead paragraph.\n- First point\n- Second point\n\n- Third point\n"
        "After the list.\n- A lone dash line\nText.\n1. One\n2. Two\n"
    )
    assert article.title == "Headline"
    assert article.paragraphs == [
        "Lead paragraph.",
        ItemList(("First point", "Second point", "Third point")),
        "After the list.",
        "- A lone dash line",
        "Text.",
        ItemList(("One", "Two"), ordered=True),
    ]
    markdown = to_markdown(article.paragraphs)
    assert "- First point\n- Second point\n- Third point" in markdown
    assert "\\- A lone dash line" in markdown
    assert "1. One\n2. Two" in markdown
    root = lxml_html.fromstring(f"<div>{Markdown().convert(markdown)}</div>")
    assert [li.text for li in root.findall("ul/li")] == ["First point", "Second point",
                                                         "Third point"]  # fmt: skip
    assert [li.text for li in root.findall("ol/li")] == ["One", "Two"]
    assert [p.text for p in root.findall("p")][2] == "- A lone dash line"


def test_a_numbered_list_right_after_a_bulleted_one_stays_its_own() -> None:
    article = parse_text("Headline\n\nLead.\n* starred one\n* starred two\n1. first\n2. second\n")
    assert article.paragraphs[1:] == [ItemList(("starred one", "starred two")),
                                      ItemList(("first", "second"), ordered=True)]  # fmt: skip
    root = lxml_html.fromstring(f"<div>{Markdown().convert(to_markdown(article.paragraphs))}</div>")
    assert [li.text for li in root.findall("ul/li")] == ["starred one", "starred two"]
    assert [li.text for li in root.findall("ol/li")] == ["first", "second"]


def test_boilerplate_items_leave_a_list_and_are_reported() -> None:
    blocks = parse_text(
        "H\n• Also read: A\n• Also read: B\n- Real item\n- Share\n- Other item"
    ).paragraphs
    kept, removed = strip_blocks(blocks, PATTERNS)
    assert kept == [ItemList(("Real item", "Other item"))]
    assert removed == ["- Also read: A", "- Also read: B", "- Share"]


# -- text stays text -------------------------------------------------------------------

PLAIN = [
    "- not a list", "1. not a list", "12) not a list", "# not a heading", "> not a quote",
    "+ not a list", "---", "___", "~~~ not a fence", "``` not a fence", "!!! note not an admonition",
    "a * b * c", "snake_case and _not emphasis_", "**not bold**", "<script>alert(1)</script>",
    "AT&T &amp; co", "[^1] not a footnote", "[a](https://example.org) not a link",
    "[a][b] not a reference", "[ref]: https://example.org", "Heading {: #__config }",
    "a \\ backslash", "plain [bracketed] word", "#hashtag at the start", ">quoted", "!!!note",
    "&#1 and &#x41 and &copy;", "{#id} {.class}",
]  # fmt: skip
SITE_EXTENSIONS = ["toc", "admonition", "attr_list", "footnotes", "tables", "fenced_code"]


@pytest.mark.parametrize("text", PLAIN)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    rendered = Markdown(extensions=SITE_EXTENSIONS).convert(escape_text(text))
    root = lxml_html.fromstring(f"<div>{rendered}</div>")
    assert [child.tag for child in root] == ["p"], rendered
    assert root.text_content() == text


SYNTAX = st.sampled_from([*"ab1 #*-_+>`[](){}<>&;:!|~.\\^=\"'/", "&amp;", "&#1", "1.", "é"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(SYNTAX, min_size=1, max_size=20).map(lambda parts: " ".join("".join(parts).split()))
)
def test_any_text_round_trips_through_markdown(text: str) -> None:
    blocks = [text, ItemList((text,)), Heading(text), Quote(text)]
    rendered = Markdown(extensions=SITE_EXTENSIONS).convert(to_markdown(blocks))
    root = lxml_html.fromstring(f"<div>{rendered}</div>")
    if text:
        assert [" ".join(child.text_content().split()) for child in root] == [text] * 4
        assert [child.tag for child in root] == ["p", "ul", "h2", "blockquote"]


# -- encodings -------------------------------------------------------------------------


def test_text_must_be_utf8_and_the_error_says_where() -> None:
    assert decode_text("\ufeffTitle\nText é".encode()) == "Title\nText é"
    with pytest.raises(DecodeError) as caught:
        decode_text(b"Title\nCaf" + "é au lait".encode("latin-1"))
    assert str(caught.value) == (
        "not UTF-8 text (byte 0xe9 at line 2, column 4); save it as UTF-8 and retry"
    )


def test_html_is_read_in_its_declared_charset() -> None:
    page = '<html><head><meta charset="shift_jis"><title>港</title></head></html>'
    assert decode_html(page.encode("shift_jis")) == page
    legacy = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>café'
    assert decode_html(legacy.encode("cp1252")) == legacy
    assert decode_html("<p>café</p>".encode()) == "<p>café</p>"
    with pytest.raises(DecodeError, match="not UTF-8 and declares no charset"):
        decode_html("<p>café</p>".encode("latin-1"))
    with pytest.raises(DecodeError, match="unknown charset 'x-nonsense'"):
        decode_html(b'<meta charset="x-nonsense"><p>x</p>')
