"""French labels of the plugin (see `briefings.site.i18n`): English source text -> French."""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: Mapping[str, str | Mapping[str, str]] = {
    # sections and page titles
    "Stories": "Dossiers",
    "Timeline": "Chronologie",
    "Archive": "Archives",
    "Tags": "Mots-clés",
    "Corrections": "Corrections",
    "Feeds": "Flux",
    "People": "Personnes",
    "Places": "Lieux",
    "Organizations": "Organisations",
    "Briefings": "Synthèses",
    "Feed: {name}": "Flux : {name}",
    "Tag: {name}": "Mot-clé : {name}",
    "{title}, page {number} of {count}": "{title}, page {number} sur {count}",
    # a briefing
    "Published": "Publié le",
    "Updated": "Mis à jour le",
    "Corrected": "Corrigé le",
    "Source:": {"one": "Source :", "other": "Sources :"},
    "and {count} more": {"one": "et {count} autre", "other": "et {count} autres"},
    "{count} min read": {"one": "Lecture : {count} min", "other": "Lecture : {count} min"},
    "Key points": "L’essentiel",
    "Sources": "Sources",
    "Curated by": "Préparé par",
    "All corrections": "Toutes les corrections",
    "In this briefing": "Dans cette synthèse",
    "What came before": "Les épisodes précédents",
    "The first briefing in this story.": "La première synthèse de ce dossier.",
    "and {count} earlier briefing": {
        "one": "et {count} synthèse plus ancienne",
        "other": "et {count} synthèses plus anciennes",
    },
    "Next in this story:": "Suite du dossier :",
    "The whole timeline of this story": "Toute la chronologie de ce dossier",
    "Related briefings": "À lire aussi",
    "Referenced by": "Cité par",
    "c. {date}": "vers {date}",
    # lists, stories, entities
    "{count} briefing": {"one": "{count} synthèse", "other": "{count} synthèses"},
    "Page {number} of {count}": "Page {number} sur {count}",
    "Newer": "Plus récentes",
    "Older": "Plus anciennes",
    "All briefings": "Toutes les synthèses",
    "All stories": "Tous les dossiers",
    "Latest": "Dernier fait",
    "Reported in": "Rapporté dans",
    "Who and what appears most": "Qui et quoi y reviennent le plus",
    "No briefings yet.": "Pas encore de synthèse.",
    "Also known as:": "Aussi appelé :",
    "Often appears with": "Apparaît souvent avec",
    "No briefings name {name} yet.": "Aucune synthèse ne nomme encore {name}.",
    "Every correction made to a briefing after publication, newest first.": (
        "Chaque correction apportée à une synthèse après sa publication, la plus récente d’abord."
    ),
    "No corrections so far.": "Aucune correction pour l’instant.",
    # feeds
    "All feeds": "Tous les flux",
    "{format} feed": "Flux {format}",
    "Follow in a feed reader": "Suivre dans un lecteur de flux",
    "Follow every story in a feed reader": "Suivre tous les dossiers dans un lecteur de flux",
    "Get new briefings in a feed reader": "Recevoir les synthèses dans un lecteur de flux",
    "A feed lists the newest briefings in a form feed readers understand: subscribe once "
    "and each new briefing reaches you.": (
        "Un flux liste les dernières synthèses sous une forme que comprennent les lecteurs de "
        "flux : abonnez-vous une fois, et chaque nouvelle synthèse vous parvient."
    ),
    "The three formats carry the same briefings; most readers take any of them.": (
        "Les trois formats contiennent les mêmes synthèses ; la plupart des lecteurs acceptent "
        "chacun d’eux."
    ),
    "One story": "Un dossier",
    "Each story has an RSS feed of its own briefings.": (
        "Chaque dossier a son propre flux RSS de synthèses."
    ),
    "open the file": "ouvrir le fichier",
    "This feed lists the newest briefings of one story, for your feed reader:": (
        "Ce flux liste les dernières synthèses d’un dossier, pour votre lecteur de flux :"
    ),
    "Address": "Adresse",
    "Format": "Format",
    "How to subscribe": "Comment s’abonner",
    "Copy the feed's address.": "Copiez l’adresse du flux.",
    "In your feed reader, choose “Add feed” or “Subscribe” and paste the address.": (
        "Dans votre lecteur de flux, choisissez « Ajouter un flux » ou « S’abonner » et "
        "collez l’adresse."
    ),
    "New briefings then reach you in the reader, without visiting the site.": (
        "Les nouvelles synthèses vous parviennent alors dans le lecteur, sans visiter le site."
    ),
    "A feed is a file for feed readers: opened in a browser, it shows raw XML or JSON.": (
        "Un flux est un fichier destiné aux lecteurs de flux : ouvert dans un navigateur, il "
        "affiche du XML ou du JSON brut."
    ),
    # the theme's footer
    "About this site": "À propos de ce site",
    "Corrected {date}: {text}": "Corrigé le {date} : {text}",
    # the timeline
    "Key": "Légende",
    "Briefing": "Briefing",
    "Event, exact day": "Événement, jour exact",
    "Month known": "Mois connu",
    "Year known": "Année connue",
    "Approximate (c.)": "Approximatif (v.)",
    "Range of dates": "Période",
    "Jump to year": "Aller à l’année",
    "Event": "Événement",
    (
        "Every briefing and every event they record, newest first. "
        "Dates are shown as precisely as they are known."
    ): (
        "Tous les briefings et les événements qu’ils rapportent, du plus récent au plus "
        "ancien. Les dates sont données aussi précisément qu’elles sont connues."
    ),
    "Story": "Sujet",
    "Person, place, …": "Personne, lieu, …",
    "Everyone and everywhere": "Toutes les personnes et tous les lieux",
    "{count} shown": "{count} affichés",
    "This briefing": "Ce briefing",
    ", month not known": ", mois inconnu",
    "{count} older entries appear as you scroll (with JavaScript on);": (
        "{count} entrées plus anciennes apparaissent au défilement (avec JavaScript) ;"
    ),
    "lists every briefing by date.": "liste tous les briefings par date.",
    "Show older entries": "Afficher les entrées plus anciennes",
}
