"""German labels of the plugin (see `briefings.site.i18n`): English source text -> German."""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: Mapping[str, str | Mapping[str, str]] = {
    # sections and page titles
    "Stories": "Themen",
    "Timeline": "Chronik",
    "Archive": "Archiv",
    "Tags": "Schlagwörter",
    "Corrections": "Korrekturen",
    "Feeds": "Feeds",
    "People": "Personen",
    "Places": "Orte",
    "Organizations": "Organisationen",
    "Briefings": "Briefings",
    "Feed: {name}": "Feed: {name}",
    "Tag: {name}": "Schlagwort: {name}",
    "{title}, page {number} of {count}": "{title}, Seite {number} von {count}",
    # a briefing
    "Published": "Veröffentlicht am",
    "Updated": "Aktualisiert am",
    "Corrected": "Korrigiert am",
    "Source:": {"one": "Quelle:", "other": "Quellen:"},
    "and {count} more": {"one": "und {count} weitere", "other": "und {count} weitere"},
    "{count} min read": {"one": "{count} Min. Lesezeit", "other": "{count} Min. Lesezeit"},
    "Key points": "Das Wichtigste",
    "Sources": "Quellen",
    "Curated by": "Zusammengestellt von",
    "All corrections": "Alle Korrekturen",
    "In this briefing": "In diesem Briefing",
    "What came before": "Was bisher geschah",
    "The first briefing in this story.": "Das erste Briefing zu diesem Thema.",
    "and {count} earlier briefing": {
        "one": "und {count} älteres Briefing",
        "other": "und {count} ältere Briefings",
    },
    "Next in this story:": "Danach zu diesem Thema:",
    "The whole timeline of this story": "Die ganze Chronik dieses Themas",
    "Related briefings": "Verwandte Briefings",
    "Referenced by": "Darauf verweisen",
    "c. {date}": "ca. {date}",
    # lists, stories, entities
    "{count} briefing": {"one": "{count} Briefing", "other": "{count} Briefings"},
    "Page {number} of {count}": "Seite {number} von {count}",
    "Newer": "Neuer",
    "Older": "Älter",
    "All briefings": "Alle Briefings",
    "All stories": "Alle Themen",
    "Latest": "Zuletzt",
    "Reported in": "Berichtet in",
    "Who and what appears most": "Wer und was am häufigsten vorkommt",
    "No briefings yet.": "Noch keine Briefings.",
    "Also known as:": "Auch bekannt als:",
    "Often appears with": "Oft zusammen mit",
    "No briefings name {name} yet.": "Noch kein Briefing nennt {name}.",
    "Every correction made to a briefing after publication, newest first.": (
        "Jede Korrektur an einem Briefing nach seiner Veröffentlichung, die neueste zuerst."
    ),
    "No corrections so far.": "Bisher keine Korrekturen.",
    # feeds
    "All feeds": "Alle Feeds",
    "{format} feed": "{format}-Feed",
    "Follow in a feed reader": "Im Feedreader folgen",
    "Follow every story in a feed reader": "Allen Themen im Feedreader folgen",
    "Get new briefings in a feed reader": "Neue Briefings im Feedreader erhalten",
    "A feed lists the newest briefings in a form feed readers understand: subscribe once "
    "and each new briefing reaches you.": (
        "Ein Feed listet die neuesten Briefings in einer Form, die Feedreader verstehen: "
        "einmal abonnieren, und jedes neue Briefing erreicht Sie."
    ),
    "The three formats carry the same briefings; most readers take any of them.": (
        "Die drei Formate enthalten dieselben Briefings; die meisten Feedreader lesen jedes."
    ),
    "One story": "Ein Thema",
    "Each story has an RSS feed of its own briefings.": (
        "Jedes Thema hat einen RSS-Feed seiner eigenen Briefings."
    ),
    "open the file": "Datei öffnen",
    "This feed lists the newest briefings of one story, for your feed reader:": (
        "Dieser Feed listet die neuesten Briefings eines Themas für Ihren Feedreader:"
    ),
    "Address": "Adresse",
    "Format": "Format",
    "How to subscribe": "So abonnieren Sie",
    "Copy the feed's address.": "Kopieren Sie die Adresse des Feeds.",
    "In your feed reader, choose “Add feed” or “Subscribe” and paste the address.": (
        "Wählen Sie in Ihrem Feedreader „Feed hinzufügen“ oder „Abonnieren“ und fügen Sie "
        "die Adresse ein."
    ),
    "New briefings then reach you in the reader, without visiting the site.": (
        "Neue Briefings erscheinen dann im Feedreader, ohne dass Sie die Website besuchen."
    ),
    "A feed is a file for feed readers: opened in a browser, it shows raw XML or JSON.": (
        "Ein Feed ist eine Datei für Feedreader: Im Browser geöffnet, zeigt er rohes XML oder JSON."
    ),
    # the theme's footer
    "About this site": "Über diese Website",
    "Corrected {date}: {text}": "Korrigiert am {date}: {text}",
    # the timeline
    "Key": "Legende",
    "Briefing": "Briefing",
    "Event, exact day": "Ereignis, genauer Tag",
    "Month known": "Monat bekannt",
    "Year known": "Jahr bekannt",
    "Approximate (c.)": "Ungefähr (ca.)",
    "Range of dates": "Zeitraum",
    "Jump to year": "Zum Jahr springen",
    "Event": "Ereignis",
    (
        "Every briefing and every event they record, newest first. "
        "Dates are shown as precisely as they are known."
    ): (
        "Alle Briefings und die Ereignisse, die sie festhalten, das Neueste "
        "zuerst. Daten werden so genau angegeben, wie sie bekannt sind."
    ),
    "Story": "Thema",
    "Person, place, …": "Person, Ort, …",
    "Everyone and everywhere": "Alle Personen und Orte",
    "{count} shown": "{count} angezeigt",
    "This briefing": "Dieses Briefing",
    ", month not known": ", Monat unbekannt",
    "{count} older entries appear as you scroll (with JavaScript on);": (
        "{count} ältere Einträge erscheinen beim Scrollen (mit JavaScript);"
    ),
    "lists every briefing by date.": "listet alle Briefings nach Datum.",
    "Show older entries": "Ältere Einträge zeigen",
}
