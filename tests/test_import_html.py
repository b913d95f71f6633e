"""HTML import on pages written for the tests with the structure of real news pages.

Each page in tests/fixtures/import/ has the features that went wrong on real pages: an
`<h1>` outside `<article>` or with a kicker inside it, a kicker above it, the site's name
before or after the headline, a canonical link beside a tracking `og:url`, modified,
print and vendor dates listed before the published one, JSON-LD (plain, in a list, in an
`@graph`), menus, teasers, share buttons and cookie banners.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefings.tools.importer import ItemList, NotAnArticle, build, lead_summary, parse_html
from briefings.tools.importer.html import drop_headline
from briefings.tools.importer.page_meta import (
    PageMeta,
    page_date,
    read_meta,
    strip_site_name,
)

pytestmark = pytest.mark.core
FIXTURES = Path(__file__).parent / "fixtures" / "import"


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# name: (title, site name, url, published, first block, summary start, removed)
EXPECTED = {
    "en-kicker.html": (
        "Port strike halts grain exports for a second day", "The Example Courier",
        "https://www.example-courier.test/world/2023/02/01/port-strike", dt.date(2023, 2, 1),
        "Dock workers at the port of Eastharbour stopped work again on Wednesday",
        "Dock workers at the port of Eastharbour stopped work again on Wednesday, halting "
        "grain shipments for a second day, the dockers' union said in a statement. About "
        "forty ships were waiting at anchor outside the harbour, according to the port "
        "authority.",
        ["• Also read: Harbour pay talks stall", "Share this article"],
    ),
    "it-suffix.html": (
        "Sciopero al porto, fermo l'export di grano", "La Gazzetta di Prova",
        "https://www.gazzettadiprova.test/cronaca/2023/02/01/sciopero-porto", dt.date(2023, 2, 1),
        "I lavoratori del porto di Portobello hanno incrociato le braccia mercoledì",
        "I lavoratori del porto di Portobello hanno incrociato le braccia mercoledì",
        ["Cronaca Sciopero al porto, fermo l'export di grano",
         "Leggi anche: Porti, il governo convoca le parti", "Condividi",
         "© RIPRODUZIONE RISERVATA"],
    ),
    "zh-suffix.html": (
        "港口罢工导致粮食出口连续第二天中断", "示例新闻网",
        "https://www.example-xinwen.test/2023-02/01/c_123.htm", dt.date(2023, 2, 1),
        "东港码头工人周三再次停工", "东港码头工人周三再次停工，导致粮食装运连续第二天中断。工会在",
        ["相关阅读：港口工资谈判陷入僵局", "责任编辑：王某某", "【纠错】"],
    ),
    "ja-prefix.html": (
        "港のストライキで小麦の輸出が止まる", "EXAMPLE WEB EASY",
        "https://www.example-easy.test/news/k100123.html", dt.date(2023, 2, 1),
        "イーストハーバー港で働く人たちが水曜日に仕事を止めました。",
        "イーストハーバー港で働く人たちが水曜日に仕事を止めました。小麦を運ぶ船が",
        ["関連記事：港の給料の話し合いが止まる", "シェアする", "2023年2月2日 9時00分"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_news_page(name: str) -> None:
    title, site, url, published, first, summary, removed = EXPECTED[name]
    article = parse_html(page(name))
    assert article.title == title
    assert article.site_name == site
    assert article.url == url
    assert article.published == published
    result = build(article, entities=[], kinds={"people": "People"}, date=dt.date(2023, 2, 5))
    body = result.text.split("\n---\n", 1)[1].strip()
    assert body.startswith(first)  # neither the headline, the kicker nor a dateline
    assert result.removed == removed
    front = result.text.split("\n---\n", 1)[0]
    assert f'summary: "{summary}' in front
    assert f'title: "{title}"' in front
    assert f'  - name: "{site}"\n    url: "{url}"\n    published: {published}' in front
    assert title not in body  # the headline is not repeated as a line of the text


def test_real_sentences_and_lists_survive_the_page() -> None:
    article = parse_html(page("en-kicker.html"))
    texts = [b for b in article.paragraphs if isinstance(b, str)]
    assert "Also more than 300 farms in the region depend on the port" in " ".join(texts)
    assert any(t.startswith("Volunteers handed out cookies") for t in texts)
    assert ItemList(("About forty ships are waiting outside the harbour.",
                     "The union wants pay in line with inflation.",
                     "Talks are to resume on Friday.")) in article.paragraphs  # fmt: skip
    everything = " ".join(str(b) for b in article.paragraphs)
    for menu in ("Most read", "Business", "We use cookies", "Follow us", "newsletter", "Trade"):
        assert menu not in everything


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("template.html", "template code '{{ article.headline }}' in the headline"),
        ("section-index.html", "of the text is link labels: an index or list page"),
        ("too-short.html", "characters of text: too short to be an article"),
    ],
)
def test_pages_that_are_not_articles_are_refused(name: str, message: str) -> None:
    with pytest.raises(NotAnArticle, match=re.escape(message)):
        parse_html(page(name))


def test_template_code_in_the_text_is_refused() -> None:
    text = "<p>" + "A perfectly ordinary sentence about the harbour and the strike. " * 4 + "</p>"
    good = f"<html><head><title>Harbour</title></head><body><article>{text}</article></body></html>"
    assert parse_html(good).title == "Harbour"
    bad = good.replace(
        "</article>", "<p>{% if premium %}Subscribers read more{% endif %}</p></article>"
    )
    with pytest.raises(
        NotAnArticle, match=re.escape("template code '{% if premium %}' in the text")
    ):
        parse_html(bad)


# -- site names ------------------------------------------------------------------------


def meta(*site_names: str, hosts: tuple[str, ...] = (), h1: str = "") -> PageMeta:
    return PageMeta(site_names=list(site_names), host_labels=list(hosts), h1=h1)


@pytest.mark.parametrize(
    ("title", "page_meta", "expected"),
    [
        ("Il governo cade - La Stampa", meta("La Stampa"), "Il governo cade"),
        ("Il governo cade - La Stampa", meta(hosts=("lastampa",)), "Il governo cade"),
        ("习近平会见外宾-新华网", meta("新华网"), "习近平会见外宾"),
        ("NEWS WEB EASY|地震がありました", meta("NEWS WEB EASY"), "地震がありました"),
        ("地震がありました｜NEWS WEB EASY", meta("NEWS WEB EASY"), "地震がありました"),
        ("Talks resume – Example Times", meta("The Example Times"), "Talks resume"),
        ("Example Times | Talks resume | Example Times", meta("Example Times"), "Talks resume"),
        ("Talks resume - World - Example", meta("Example"), "Talks resume - World"),
        # a separator inside the headline, or a part that is not the site's name, stays
        ("Russia-Ukraine talks resume - Example", meta("Example"), "Russia-Ukraine talks resume"),
        ("Talks resume - in Geneva", meta("Example"), "Talks resume - in Geneva"),
        ("Example-led talks resume", meta("Example"), "Example-led talks resume"),
    ],
)
def test_the_site_name_is_cut_from_either_end(
    title: str, page_meta: PageMeta, expected: str
) -> None:
    assert strip_site_name(title, page_meta) == expected


def test_a_title_part_equal_to_the_h1_names_the_site() -> None:
    html = ("<html><head><title>Port talks resume-Example Net</title></head><body>"
            "<h1>Port talks resume</h1><article><p>" + "Text about the port talks. " * 8 +
            "</p></article></body></html>")  # fmt: skip
    article = parse_html(html)
    assert (article.title, article.site_name) == ("Port talks resume", "Example Net")


# -- dates and addresses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-02-01", dt.date(2023, 2, 1)),
        ("2023-02-01T23:30:00-05:00", dt.date(2023, 2, 1)),  # the day as written
        ("2023-02-01 08:00", dt.date(2023, 2, 1)),
        ("20230201", None),
        ("2023-W05-3", None),
        ("2023-02-30", None),
        ("February 1, 2023", None),
    ],
)
def test_page_dates_use_the_model_parser(value: str, expected: dt.date | None) -> None:
    assert page_date(value) == expected


def head(*tags: str) -> str:
    body = "<article><p>" + "A sentence about the harbour. " * 8 + "</p></article>"
    return f"<html><head><title>T</title>{''.join(tags)}</head><body>{body}</body></html>"


def test_published_dates_win_over_modified_print_and_vendor_dates() -> None:
    tags = ['<meta property="article:modified_time" content="2023-03-03">',
            '<meta name="print_date" content="2023-03-04">',
            '<meta name="sailthru.date" content="2023-03-05">',
            '<meta property="article:published_time" content="2023-03-01T10:00:00Z">',
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"dateModified": "2023-03-06", "datePublished": "2023-02-28"}</script>']  # fmt: skip
    assert parse_html(head(*tags)).published == dt.date(2023, 2, 28)  # JSON-LD first
    assert parse_html(head(*tags[:4])).published == dt.date(2023, 3, 1)
    assert parse_html(head(*tags[:3])).published == dt.date(2023, 3, 5)  # a vendor's, last


def test_a_bad_date_is_reported_and_the_next_one_used() -> None:
    tags = ['<meta property="article:published_time" content="20230201">',
            '<meta name="date" content="2023-02-02">']  # fmt: skip
    article = parse_html(head(*tags))
    assert article.published == dt.date(2023, 2, 2)
    assert "article:published_time '20230201' is not a YYYY-MM-DD date; ignored" in article.warnings


def test_canonical_address_resolved_and_only_http() -> None:
    tags = ['<link rel="canonical" href="/news/1">']
    assert (
        parse_html(head(*tags), "https://example.org/x?utm_source=a").url
        == "https://example.org/news/1"
    )
    assert parse_html(head(*tags)).url is None  # relative, with nothing to resolve it against
    tags = ['<link rel="canonical" href="javascript:alert(1)">',
            '<meta property="og:url" content="https://example.org/og">']  # fmt: skip
    assert parse_html(head(*tags)).url == "https://example.org/og"


def test_curators_url_wins_over_the_canonical_one_with_a_warning() -> None:
    article = parse_html(page("en-kicker.html"))
    given = "https://www.example-courier.test/p/123"
    result = build(article, entities=[], kinds={}, date=dt.date(2023, 2, 5), url=given)
    assert f'url: "{given}"' in result.text
    assert result.warnings == [
        f"the page's canonical address is {article.url}; recorded --url {given}"
    ]


def test_hostile_json_ld_is_skipped_and_bounded() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    many = "[" + ",".join(['{"@type": "Thing"}'] * 50_000) + "]"
    tags = [f'<script type="application/ld+json">{deep}</script>',
            f'<script type="application/ld+json">{many}</script>',
            '<script type="application/ld+json">{not json</script>',
            '<meta property="article:published_time" content="2023-02-01">']  # fmt: skip
    tree = lxml_html.fromstring(head(*tags))
    assert read_meta(tree).published == dt.date(2023, 2, 1)


def test_headline_repeats_are_dropped_only_near_the_top() -> None:
    blocks = ["Trade", "Port strike", "Lead sentence of the article, long enough to be text.",
              "Port strike"]  # fmt: skip
    kept, dropped = drop_headline(blocks, ["Port strike"], ["Trade"])
    assert kept == ["Lead sentence of the article, long enough to be text.", "Port strike"]
    assert dropped == ["Trade", "Port strike"]
    assert lead_summary(kept) == "Lead sentence of the article, long enough to be text."


def test_a_headline_given_twice_in_a_row_goes_both_times() -> None:
    """An h1 outside the article, then the article's own h1 and a lead paragraph that both
    repeat it: none of them is the first body line."""
    lead = "Dock workers stopped work again on Wednesday, the union said in a statement. " * 2
    html = ("<html><head><title>Port strike widens</title></head><body><h1>Port strike widens"
            "</h1><article><h1>Port strike widens</h1><p>Port strike widens</p>"
            f"<p>{lead}</p><p>More text about the strike and the talks that follow.</p>"
            "</article></body></html>")  # fmt: skip
    article = parse_html(html)
    assert article.paragraphs[0] == lead.strip()
    assert article.removed.count("Port strike widens") >= 2


def test_a_hostile_title_is_bounded_work() -> None:
    title = "a - " * 50_000 + "Example"
    assert strip_site_name(title, meta("Example")) == " ".join(title.split())  # not looked at
    assert strip_site_name("a - " * 200 + "Example", meta("Example")) == ("a - " * 200)[:-3]


def test_a_kicker_and_h1_inside_the_article_are_not_the_first_lines() -> None:
    lead = "Dock workers stopped work again on Wednesday, the union said in a statement. " * 2
    html = ("<html><head><title>Port strike widens | Example Courier</title>"
            '<meta property="og:site_name" content="Example Courier"></head><body><article>'
            '<p class="kicker">Trade</p><h1>Port strike widens</h1>'
            f"<p>{lead}</p><p>More text about the strike and the talks that follow.</p>"
            "</article></body></html>")  # fmt: skip
    article = parse_html(html)
    assert article.title == "Port strike widens"
    assert article.paragraphs[0] == lead.strip()
    assert article.removed == ["Trade", "Port strike widens"]
    assert lead_summary(article.paragraphs).startswith("Dock workers stopped work again")


def test_the_summary_skips_bylines_and_labels() -> None:
    lead = "Dock workers stopped work again on Wednesday, the union said."
    assert lead_summary(["By A. Reporter", "Updated 3 February", lead, "More."]) == lead
    assert lead_summary(["Short but a sentence.", lead]) == "Short but a sentence."
    assert lead_summary(["Only a label"]) == "Only a label"


def test_a_headline_cut_short_gives_way_to_the_whole_one() -> None:
    whole = "Port strike halts grain exports for a second day as talks stall"
    tags = ['<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Port strike halts grain exports for a…"}</script>',
            f'<meta property="og:title" content="{whole} | Example">',
            '<meta property="og:site_name" content="Example">']  # fmt: skip
    assert parse_html(head(*tags)).title == whole


@pytest.mark.parametrize("value", ["20230201", "2023-W05-3", "2023-032"])
def test_a_refused_date_is_not_taken_back_from_the_text_extractors_guess(value: str) -> None:
    # htmldate reads basic and ISO week dates; its guess must not bring back what the
    # model's parser refused in the markup
    article = parse_html(head(f'<meta property="article:published_time" content="{value}">'))
    assert article.published is None
    assert not any("guessed" in w for w in article.warnings)
    assert f"article:published_time {value!r} is not a YYYY-MM-DD date; ignored" in (
        article.warnings
    )


@pytest.mark.parametrize("written", ["20230201", "2023-W05-3", "1 February 2023"])
def test_a_guess_needs_the_day_written_as_the_parser_takes_it(written: str) -> None:
    body = f"<p>Posted {written}.</p>" + "<p>" + "A sentence about the harbour. " * 8 + "</p>"
    html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    assert parse_html(html).published is None


def test_a_guess_from_an_iso_day_in_the_page_is_taken_with_a_warning() -> None:
    body = '<p><time datetime="2023-02-01">1 February</time></p>'
    body += "<p>" + "A sentence about the harbour. " * 8 + "</p>"
    html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    article = parse_html(html)
    assert article.published == dt.date(2023, 2, 1)
    assert "publication date 2023-02-01 guessed from the page; check it" in article.warnings
