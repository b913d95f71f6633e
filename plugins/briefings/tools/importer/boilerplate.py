"""Site boilerplate in imported text: the lines a news page adds around an article.

A line is boilerplate when it is at most `BOILERPLATE_MAX` characters long and one of the
patterns matches it (`re.search`, case-insensitive, on the stripped line). Every built-in
pattern is anchored to how boilerplate is really written, so real sentences that start
with the same words stay:

- a *lead-in* ("Also read", "Lire aussi", "相关阅读") alone, or followed by a separator
  (`:`, `：`, `»`, `›`, `>`, `|`, a dash) and the teaser it introduces: "Also read: X"
  goes, "Also more than 300 homes were..." stays;
- a *button* ("Share", "Leave a Comment", "12 comments", "Advertisement") that is the
  whole line, give or take bullets and punctuation: "Share the burden" stays;
- a *banner* (cookie notices, "Follow us on X", newsletter sign-ups, copyright lines)
  that starts with a phrase only such banners use: "We use cookies to ..." goes, "The
  bakery sold cookies to ..." stays.

The defaults cover English, French, German, Italian, Spanish, Finnish, Polish, Chinese
and Japanese news pages, plus datelines that are only a date and time
(`BOILERPLATE_BY_LANGUAGE`, key `any`); a site adds its own with the `import_boilerplate`
option. All patterns apply to every page, whatever its language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

BOILERPLATE_MAX = 160  # characters: longer paragraphs are never removed as boilerplate

_START = r"^[\W_]*"  # bullets, arrows, brackets and spaces before the words
_SEPARATOR = r"[:：»›>|–—-]"


def lead_in(*phrases: str) -> str:
    """The phrase alone, or followed by a separator and the teaser it introduces."""
    return rf"{_START}(?:{'|'.join(phrases)})(?:\s*{_SEPARATOR}.*|\s*(?:…|\.\.\.)?[\W_]*)$"


def button(*phrases: str) -> str:
    """The phrase is the whole line, give or take bullets and punctuation."""
    return rf"{_START}(?:{'|'.join(phrases)})[\W_]*$"


def banner(*phrases: str) -> str:
    """The line starts with one of the phrases (only boilerplate is written so)."""
    return rf"{_START}(?:{'|'.join(phrases)})"


_SOCIAL = (
    r"(?:x|twitter|facebook|instagram|telegram|tiktok|youtube|linkedin|whatsapp|threads"
    r"|bluesky|mastodon|google news|social media|flipboard)"
)
_COPYRIGHT = banner(r"©", r"\(c\)\s*\d{4}", r"copyright\s*(?:©|\(c\)|\d{4})")

#: Built-in patterns, by the language of the pages they were written from.
# fmt: off
BOILERPLATE_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": (
        lead_in(r"also read", r"read also", r"read more", r"see also", r"more on this(?: story)?",
                r"related(?: articles?| stories| coverage| news| content| reading| topics)?",
                r"you (?:may|might) also like", r"recommended(?: for you)?", r"most read",
                r"trending(?: now)?", r"more stories", r"editor'?s picks"),
        button(r"leave a (?:comment|reply)", r"(?:\d+\s+)?comments?", r"no comments",
               r"share(?: this| the)?(?: article| story| page| post| link)?"
               r"(?: on \w+| via \w+| by e-?mail| with \w+)?", r"follow us",
               r"tweet", r"e-?mail", r"print", r"copy (?:the )?link", r"link copied", r"facebook",
               r"twitter", r"x", r"whatsapp", r"telegram", r"linkedin", r"reddit",
               r"advertisement", r"advertising", r"sponsored(?: content)?", r"skip to (?:main )?"
               r"content", r"back to top"),
        banner(rf"follow us on (?:\w+ )?{_SOCIAL}\b",
               r"(?:sign up|subscribe|register)(?: now| today| here)?(?: for| to)(?: our| the| a)?"
               r"(?: free)?(?: \w+)?\s+newsletters?\b",
               r"(?:we|this (?:web)?site|our (?:web)?site|this page) (?:uses?|is using|may use)"
               r" cookies\b",
               r"by (?:continuing|using|browsing)\b.{0,60}\bcookies\b",
               r"(?:click|tap) here\b"),
        button(r"(?:accept|reject|allow|decline|refuse|manage)(?: all| necessary| essential)?"
               r" cookies", r"cookie (?:settings|preferences|policy|notice|consent)"),
        _COPYRIGHT,
        r"^.{0,100}\ball rights reserved[\W_]*$",
    ),
    "fr": (
        lead_in(r"(?:à )?lire aussi", r"(?:à )?lire également", r"(?:à )?voir aussi",
                r"lire la suite", r"(?:sur le )?même sujet", r"articles? (?:liés|similaires)",
                r"en savoir plus", r"pour aller plus loin", r"(?:à )?découvrir aussi"),
        button(r"laisser un commentaire", r"(?:\d+\s+)?commentaires?", r"réagir",
               r"partage[rz](?: cet article| l'article| cette page| sur \w+| par e-?mail)?",
               r"copier le lien", r"lien copié", r"imprimer", r"publicité",
               r"contenu sponsorisé", r"envoyer par e-?mail", r"suivez-nous"),
        banner(r"suiv(?:ez|re)-nous sur\b", r"suis-nous sur\b",
               r"(?:recevez|découvrez) (?:notre|nos|la|les) (?:\w+ )?newsletters?\b",
               r"(?:s'abonner|s'inscrire|abonnez-vous|inscrivez-vous) (?:à|a|aux) (?:la |notre "
               r"|nos |les )?(?:\w+ )?(?:newsletters?|lettres? d'information)\b",
               r"(?:inscrivez-vous|abonnez-vous) (?:à|a) (?:notre|la|nos)(?: \w+)? "
               r"(?:newsletters?|lettres? d'information)\b",
               r"(?:ce site|notre site|nous) (?:utilis\w*|emploie) (?:des )?cookies\b",
               r"en poursuivant votre navigation\b"),
        button(r"(?:accepter|refuser)(?: tous les| les)? cookies", r"paramètres des cookies"),
        r"^.{0,100}\btous droits réservés[\W_]*$",
    ),
    "de": (
        lead_in(r"lesen sie (?:auch|mehr)", r"auch interessant", r"mehr zum thema",
                r"weiterlesen", r"weitere artikel", r"siehe auch", r"zum thema",
                r"das könnte sie (?:auch )?interessieren"),
        button(r"(?:jetzt )?teilen", r"(?:diesen |den )?(?:artikel|beitrag|seite) teilen",
               r"teilen sie (?:diesen|den|diese) (?:artikel|beitrag|seite|meldung)",
               r"(?:auf|bei|per|via|über) \w+ teilen", r"teilen (?:auf|bei|per|via|über) \w+",
               r"link kopieren", r"link kopiert", r"(?:\d+\s+)?kommentare?",
               r"kommentar schreiben", r"kommentieren", r"(?:artikel )?drucken", r"anzeige",
               r"werbung", r"per e-?mail (?:teilen|versenden)", r"(?:artikel )?merken",
               r"(?:artikel )?(?:vorlesen|anhören)", r"folgen sie uns", r"folge uns"),
        banner(r"folg(?:en sie|e|t) uns (?:auf|bei|in)\b",
               r"(?:jetzt |hier )?(?:den |unseren |zum )?newsletter (?:abonnieren|bestellen"
               r"|anmelden)\b",
               r"(?:jetzt |hier )?(?:zum|für den|für unseren) (?:\w+-)?newsletter anmelden\b",
               r"(?:abonnieren|bestellen) sie (?:jetzt )?(?:unseren|den)(?: \w+)? newsletter\b",
               r"melden sie sich (?:jetzt )?(?:für|zu) (?:unseren|unserem|den)(?: \w+)? "
               r"newsletter an\b",
               r"(?:wir verwenden|wir nutzen|diese (?:web)?seite (?:verwendet|nutzt)) cookies\b"),
        button(r"alle cookies (?:akzeptieren|ablehnen)", r"cookie-einstellungen"),
        r"^.{0,100}\balle rechte vorbehalten[\W_]*$",
    ),
    "it": (
        lead_in(r"leggi anche", r"leggi di più", r"potrebbe interessarti", r"vedi anche",
                r"articoli correlati", r"guarda anche", r"approfondisci"),
        button(r"condividi(?: su \w+| l'articolo| questo articolo| la notizia)?",
               r"copia (?:il )?link", r"link copiato", r"seguici", r"lascia un commento",
               r"(?:\d+\s+)?commenti", r"commenta", r"stampa", r"pubblicità",
               r"contenuto sponsorizzato", r"(?:© )?riproduzione riservata"),
        banner(r"seguici su\b",
               r"(?:iscriviti|registrati|abbonati) (?:alla|alle) (?:nostra |nostre )?"
               r"(?:\w+ )?newsletter\b",
               r"ricevi (?:la|le) (?:nostra |nostre )?(?:\w+ )?newsletter\b",
               r"(?:questo sito|utilizziamo|usiamo)(?: \w+){0,3} (?:i )?cookie\b"),
        button(r"accetta(?: tutti i)? cookie", r"rifiuta(?: tutti i)? cookie"),
        r"^.{0,100}\btutti i diritti riservati[\W_]*$",
    ),
    "es": (
        lead_in(r"lee también", r"lea también", r"leer más", r"(?:también )?te puede interesar",
                r"le puede interesar", r"noticias relacionadas", r"ver también",
                r"más información"),
        button(r"compart(?:ir|e)(?: en \w+| este artículo| esta noticia)?",
               r"copiar (?:el )?enlace", r"enlace copiado", r"síguenos",
               r"deja un comentario", r"(?:\d+\s+)?comentarios?", r"comentar", r"imprimir",
               r"publicidad", r"contenido patrocinado"),
        banner(r"síguenos en\b",
               r"recibe (?:nuestro|nuestra|el|la)(?: \w+)? (?:boletín|newsletter)\b",
               r"(?:suscríbete|regístrate|apúntate) (?:a|en) (?:nuestro|nuestra|el|la)"
               r"(?: \w+)? (?:boletín|newsletter)\b",
               r"(?:este (?:sitio )?(?:web )?utiliza|utilizamos|usamos) cookies\b"),
        button(r"aceptar(?: todas las)? cookies", r"rechazar(?: todas las)? cookies"),
        r"^.{0,100}\btodos los derechos reservados[\W_]*$",
    ),
    "fi": (
        lead_in(r"lue myös", r"lue lisää", r"katso myös", r"aiheesta lisää", r"lisää aiheesta",
                r"suosittelemme"),
        button(r"jaa", r"jaa (?:tämä )?(?:artikkeli|juttu)",
               r"jaa (?:facebookissa|twitterissä|x:ssä|whatsappissa)", r"kopioi linkki",
               r"linkki kopioitu",
               r"kommentoi", r"(?:\d+\s+)?kommenttia?", r"jätä kommentti", r"tulosta",
               r"mainos", r"kaupallinen yhteistyö"),
        banner(r"seuraa meitä\b", r"tilaa(?: \w+)? uutiskirje",
               r"(?:käytämme evästeitä|tämä (?:sivusto|palvelu) käyttää evästeitä)"),
        button(r"hyväksy(?: kaikki)? evästeet", r"evästeasetukset"),
        r"^.{0,100}\bkaikki oikeudet pidätetään[\W_]*$",
    ),
    "pl": (
        lead_in(r"czytaj (?:też|także|również|więcej|dalej)", r"zobacz (?:też|także|również)",
                r"przeczytaj (?:też|także|również)", r"polecamy", r"podobne artykuły"),
        button(r"udostępnij(?: ten)?(?: artykuł| na \w+)?", r"(?:s)?kopiuj link",
               r"link skopiowany", r"skomentuj", r"(?:\d+\s+)?komentarz(?:e|y)?",
               r"dodaj komentarz", r"drukuj", r"reklama", r"materiał sponsorowany",
               r"artykuł sponsorowany"),
        banner(r"obserwuj nas (?:na|w)\b", r"zapisz się (?:do|na) (?:naszego )?newslett",
               r"(?:ta strona|serwis|strona) (?:używa|wykorzystuje) (?:plików )?cookie",
               r"(?:używamy|wykorzystujemy) (?:plików )?cookie"),
        button(r"akceptuj(?:ę)?(?: wszystkie)?(?: pliki)? cookies?"),
        r"^.{0,100}\bwszelkie prawa zastrzeżone[\W_]*$",
    ),
    "zh": (
        lead_in(r"相关(?:阅读|新闻|报道|文章|链接|推荐)", r"延伸阅读", r"推荐阅读", r"热门推荐",
                r"猜你喜欢", r"更多精彩", r"阅读全文", r"点击(?:查看|阅读)(?:全文|更多)",
                r"分享(?:到|至)"),
        button(r"分享", r"分享到(?:微信|微博|朋友圈|qq空间|qq)", r"复制链接",
               r"打印(?:本页)?", r"关闭(?:窗口)?", r"纠错", r"我要评论", r"评论",
               r"收藏", r"广告"),
        banner(r"责任编辑\s*[:：]", r"责编\s*[:：]", r"扫一扫", r"版权所有", r"关注我们",
               r"本(?:网站|网|站)使用\s*cookie"),
    ),
    "ja": (
        lead_in(r"関連記事", r"関連ニュース", r"あわせて読みたい", r"併せて読みたい",
                r"こちらもおすすめ", r"おすすめ記事", r"続きを読む", r"もっと読む"),
        button(r"シェア(?:する)?", r"(?:この)?記事を?シェア(?:する)?",
               r"(?:x|twitter|facebook|line)で(?:シェア|共有)(?:する)?", r"リンクをコピー",
               r"ツイート", r"ポスト", r"いいね", r"印刷", r"広告", r"pr",
               r"コメント(?:する|を書く|を投稿)?", r"ブックマーク", r"lineで送る"),
        banner(r"(?:当|この|本)(?:ウェブ)?サイト(?:では|は)?、?\s*(?:cookie|クッキー)",
               r"(?:cookie|クッキー)(?:の使用|を使用)", r"フォローする",
               r"(?:公式)?(?:x|twitter|facebook|line|instagram)(?:を|で)フォロー",
               r"ニュースレター(?:に|の|を)(?:登録|購読)", r"無断転載"),
    ),
}
# fmt: on

# A line that is only a date and time ("2023年2月2日 9時00分", "2023-02-01 08:30"): a dateline.
BOILERPLATE_BY_LANGUAGE["any"] = (
    r"^[\W_]*\d{4}年\d{1,2}月\d{1,2}日(?:\s*[(（]?\w[)）]?)?(?:\s*\d{1,2}(?:時|:)\d{1,2}分?)?[\W_]*$",
    r"^[\W_]*\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?[\W_]*$",
)

#: Every built-in pattern (extend with the site's `import_boilerplate` option).
BOILERPLATE: list[str] = list(
    dict.fromkeys(p for patterns in BOILERPLATE_BY_LANGUAGE.values() for p in patterns)
)


def compile_patterns(extra: Iterable[str] = ()) -> list[re.Pattern[str]]:
    """The built-in boilerplate patterns plus the site's; raises re.error on a bad one."""
    return [re.compile(p, re.IGNORECASE) for p in (*BOILERPLATE, *extra)]


def is_boilerplate(line: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    """True when the stripped `line` is short and matches one of `patterns`."""
    line = line.strip()
    return len(line) <= BOILERPLATE_MAX and any(p.search(line) for p in patterns)


def strip_boilerplate(
    paragraphs: Sequence[str], patterns: Sequence[re.Pattern[str]]
) -> tuple[list[str], list[str]]:
    """(kept paragraphs, removed ones), each in input order. Only short paragraphs can be
    boilerplate: a long one that happens to match ("Share the burden, ...") is article text."""
    kept: list[str] = []
    removed: list[str] = []
    for paragraph in paragraphs:
        (removed if is_boilerplate(paragraph, patterns) else kept).append(paragraph)
    return kept, removed
