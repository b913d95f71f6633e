"""Gate: a briefing printed to PDF in Chromium (A4) holds its headline and its sources and
no navigation text.

The PDF is Chromium's own (`page.pdf`, print media), its text extracted with pypdf. What
counts as navigation is read from the page on screen: the texts of the skip link, the
header, the tabs, the navigation sidebar, the table of contents' title, the search box
and the footer, less any that the article itself also says (a "Stories" chip group, a
"Timeline" heading), which the print may rightly contain.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from .gates import PAGES

pytestmark = [pytest.mark.build, pytest.mark.browser]

#: Texts of the theme's navigation, one per link, label or line, as shown on screen.
NAVIGATION = """() => {
  const parts = ['.md-skip', '.md-header a', '.md-header label', '.md-header__topic',
    '.md-tabs a', '.md-sidebar--primary a', '.md-sidebar--primary label',
    '.md-sidebar--secondary label.md-nav__title', '.md-footer a', '.md-copyright'];
  const texts = [...document.querySelectorAll(parts.join(', '))].map(e => e.textContent);
  const search = document.querySelector('.md-search__input');
  if (search) texts.push(search.getAttribute('placeholder') || '');
  const output = document.querySelector('.md-search-result__meta');
  if (output) texts.push(output.textContent);
  return texts;
}"""


def squeeze(text: str) -> str:
    """Text compared without case, ligatures (pypdf gives "ﬁ") or any white space (lines
    break differently on paper)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def pdf_text(page: Page) -> tuple[str, int]:
    """The text of the page printed on A4, and the number of sheets."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return "\n".join(sheet.extract_text() for sheet in reader.pages), len(reader.pages)


def test_printed_briefing_has_headline_and_sources_and_no_navigation(
    browser: Browser, base_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + PAGES["briefing"])
    headline = page.locator(".bf-header h1").first.text_content() or ""
    sources = page.locator(".bf-source > :first-child").all_text_contents()
    article = squeeze(page.locator(".md-content").first.text_content() or "")
    navigation = {squeeze(t) for t in page.evaluate(NAVIGATION)} - {""}
    text, sheets = pdf_text(page)
    page.close()
    printed = squeeze(text)

    assert sheets >= 1 and headline.strip() and sources
    assert squeeze(headline) in printed, f"no headline {headline!r} in the PDF:\n{text[:400]}"
    missing = [s for s in sources if squeeze(s) not in printed]
    assert not missing, f"sources missing from the PDF: {missing}"
    assert squeeze("Sources") in printed
    # Navigation the article does not say itself: at least the skip link, the site's
    # name in the header, a few tabs, the copyright line.
    own = sorted(t for t in navigation if t not in article)
    assert len(own) >= 4, f"too little navigation text to judge: {own}"
    leaked = [t for t in own if t in printed]
    assert not leaked, f"navigation text in the PDF: {leaked}"


def test_the_print_gate_sees_navigation_when_it_prints(browser: Browser, base_url: str) -> None:
    """Printed with the theme's print rules undone, the navigation shows: the gate above
    would fail on a theme that prints its menus."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + PAGES["briefing"])
    page.emulate_media(media="screen")  # print the screen layout, menus and all
    article = squeeze(page.locator(".md-content").first.text_content() or "")
    navigation = {squeeze(t) for t in page.evaluate(NAVIGATION)} - {""}
    text, _ = pdf_text(page)
    page.close()
    own = [t for t in navigation if t not in article]
    assert any(t in squeeze(text) for t in own), own
