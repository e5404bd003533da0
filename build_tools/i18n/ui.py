"""Interface strings of our own (notices, labels), translated through gettext too.

The English strings live here; ``extract`` writes them to ``translations/ui.pot`` and
``update`` keeps ``translations/<lang>/ui.po`` in line, like the documents' catalogs.
``{language}`` placeholders are python-brace-format, checked by ``msgfmt -c``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel import Locale

from build_tools import bodies
from build_tools.akn import model as akn
from build_tools.i18n.catalogs import PoFile, new_catalog, read_catalog, translated
from build_tools.languages import long_date as long_date  # dates are the profile's (CLDR)
from build_tools.layout import Layout
from build_tools.state import sha256

UI_NAME = "ui"


@dataclass(frozen=True, slots=True)
class UiString:
    key: str
    text: str
    comment: str


UI_STRINGS = (
    UiString(
        "provisional-notice",
        "Provisional translation — not an official text. The authoritative text is the original in {language}.",
        "Shown on the first page of every provisional translation. {language}: the name of the source language, "
        "as your language writes it in running text (French: “anglais”).",
    ),
    UiString(
        "fallback-marker",
        "Not yet translated: this paragraph is shown in {language}.",
        "Marks a paragraph whose translation is missing or needs review.",
    ),
    UiString(
        "fallback-group",
        "Not yet translated: the paragraphs marked in the margin below are shown in {language}.",
        "Before a run of paragraphs whose translation is missing or needs review, each "
        "marked by a line in the margin. {language}: the source language, as in "
        "“fallback-marker”.",
    ),
    UiString(
        "fallback-heading",
        "Not yet translated: the lines of the heading marked in the margin are shown in "
        "{language}.",
        "Once, before the heading of a text (session, place, committee, title) when some of "
        "its lines are not yet translated; each such line is marked by a line in the margin.",
    ),
    UiString(
        "fallback-note",
        "Not yet translated: this footnote is shown in {language}.",
        "At the start of a footnote whose translation is missing or needs review.",
    ),
    UiString(
        "page-line",
        "Page {page} of {pages}",
        "At the foot of every page of the PDF. {page}: the number of the page; {pages}: "
        "how many pages the PDF has (numbers written by the software).",
    ),
    UiString(
        "site-name", "IPU resolutions", "Name of the website, shown in the header of every page."
    ),
    UiString(
        "home-intro",
        "This site publishes texts of the {body}, draft resolutions and resolutions, in six "
        "languages. Each text says what it is: a draft or an adopted resolution.",
        "Introduction on the home page.",
    ),
    UiString("documents-heading", "Texts", "Heading of the list of documents on the home page."),
    UiString(
        "home-nav",
        "Home",
        "The home page, as the site's navigation lists it (under the site's name).",
    ),
    UiString(
        "stage-draft",
        "Draft resolution, {date}",
        "What a text is, in lists and under titles: a draft its body has not adopted. "
        "{date}: the date of the draft, written by the software in your language.",
    ),
    UiString(
        "stage-adopted",
        "Resolution adopted on {date}",
        "What a text is, in lists and under titles: a resolution its body adopted. "
        "{date}: the adoption date, written by the software in your language.",
    ),
    UiString(
        "draft-notice",
        "",  # one per body of the registry (see interface_strings)
        "Shown at the top of every page and on the first page of the PDF and EPUB of a draft",
    ),
    UiString(
        "demo-banner",
        "Demonstration site: it mixes the real texts with fictional test documents. "
        "It is not a publication.",
        "Shown at the top of every page of a demonstration build (never of the public site).",
    ),
    UiString(
        "history-heading",
        "Drafting history",
        "Heading of the list linking a draft resolution and the resolution adopted from it.",
    ),
    UiString(
        "history-current", "this text", "Marks, in the drafting history, the text being read."
    ),
    UiString("status-original", "Original text", "Status of the text in its original language."),
    UiString(
        "status-unavailable",
        "Not yet translated: the link leads to the original text",
        "On the home page, for a text not yet published in your language.",
    ),
    UiString(
        "switch-unavailable",
        "not yet available in this language",
        "In the language menu, after the name of a language this text is not yet published in.",
    ),
    UiString("status-official", "Official translation", "Status of an approved translation."),
    UiString(
        "status-provisional",
        "Provisional translation ({percent} translated)",
        "Status of a translation not yet approved. {percent}: e.g. “100 %”, written by the software.",
    ),
    UiString(
        "banner",
        "This is a provisional translation, not an official text; {percent} of it is translated. "
        "The authoritative text is the original in {language}.",
        "Banner at the top of every provisional translation.",
    ),
    UiString(
        "banner-link", "Read the authoritative text", "Link from the banner to the original text."
    ),
    UiString("downloads-heading", "Downloads", "Heading of the list of files to download."),
    UiString("download-pdf", "PDF, to print or archive", "Download link."),
    UiString("download-epub", "EPUB, for e-readers", "Download link."),
    UiString(
        "download-akn", "Akoma Ntoso XML of this text", "Download link (the legal XML format)."
    ),
    UiString(
        "download-akn-original",
        "Akoma Ntoso XML of the original ({language})",
        "Download link to the source text. {language}: its language.",
    ),
    UiString(
        "parallel-heading",
        "Parallel view",
        "Heading of the page showing two languages side by side.",
    ),
    UiString(
        "parallel-choose",
        "Compare with another language:",
        "Before the list of languages to compare with.",
    ),
    UiString(
        "parallel-link", "Read side by side with another language", "Link to the parallel view."
    ),
    UiString("versions-heading", "Versions", "Heading of the list of versions of a text."),
    UiString(
        "version-adoption",
        "Adopted text ({date})",
        "A version: the text as adopted. {date}: its date.",
    ),
    UiString(
        "version-submission",
        "Text as submitted ({date})",
        "A version: a draft as its authors submitted it. {date}: its date.",
    ),
    UiString(
        "version-corrigendum",
        "Corrected version ({date})",
        "A version: the text after a corrigendum.",
    ),
    UiString("version-other", "Version of {date}", "A version of another kind."),
    UiString(
        "version-current",
        "current version",
        "Marks the version shown on the main page of the text.",
    ),
    UiString(
        "changes-link",
        "changes from the previous version",
        "Link to the comparison of two versions.",
    ),
    UiString(
        "changes-heading",
        "Changes from the version of {old} to the version of {new}",
        "Heading of the comparison page. {old}, {new}: dates.",
    ),
    UiString(
        "changes-none", "No paragraph changed.", "Shown when two versions have the same text."
    ),
    UiString(
        "changes-legend",
        "Deleted text is struck through; inserted text is underlined.",
        "Explains the marks on the comparison page.",
    ),
    UiString(
        "languages-heading",
        "Choose a language",
        "Heading of the language chooser on the entry page.",
    ),
    # The browse pages (build_tools/site/browse_pages.py)
    UiString("new-heading", "What is new", "Heading of the newest texts on the home page."),
    UiString("ways-heading", "Browse the texts", "Heading of the ways into the texts, home page."),
    UiString("ways-sessions", "By session", "Home page: the texts grouped by session."),
    UiString("ways-bodies", "By body and committee", "Home page: the texts grouped by body."),
    UiString("ways-years", "By year", "Home page: the texts grouped by year."),
    UiString("ways-stages", "By stage", "Home page: drafts and adopted resolutions apart."),
    UiString(
        "ways-listing",
        "Filter all texts by body, session, committee, stage, year and translation status",
        "Link to the page where the reader filters the list of texts.",
    ),
    UiString("sessions-heading", "Sessions", "Title of the list of sessions (Assemblies)."),
    UiString("bodies-heading", "Bodies and committees", "Title of the list of bodies."),
    UiString("years-heading", "Years", "Title of the list of years."),
    UiString("stages-heading", "Stages", "Title of the page: drafts, adopted resolutions."),
    UiString("sessions-all", "All sessions", "Link from the home page to every session."),
    UiString("years-all", "All years", "Link from the home page to every year."),
    UiString(
        "year-title",
        "Texts of {year}",
        "Title of the list of the texts of one year. {year}: e.g. 2015.",
    ),
    UiString("stage-drafts", "Draft resolutions", "Title of the list of drafts; a filter value."),
    UiString(
        "stage-resolutions",
        "Adopted resolutions",
        "Title of the list of adopted resolutions; a filter value.",
    ),
    UiString(
        "committee-none",
        "Texts of no committee",
        "On a session's page, heading of its texts that no committee prepared.",
    ),
    UiString("texts-count", "Texts: {count}", "How many texts a group holds. {count}: a number."),
    UiString(
        "page-number",
        "Page {page} of {pages}",
        "Where the reader is in a list of several pages. {page}, {pages}: numbers.",
    ),
    UiString("pages-label", "Pages of this list", "Name of the links to a list's pages."),
    UiString("page-previous", "Previous page", "Link to the previous page of a list."),
    UiString("page-next", "Next page", "Link to the next page of a list."),
    UiString(
        "crumbs-label",
        "Where this page is",
        "Name of the breadcrumb trail (home, body, session, text), read by screen readers.",
    ),
    UiString("crumbs-home", "Home", "First link of the breadcrumb trail: the home page."),
    UiString(
        "around-heading",
        "In the same session",
        "On a text's page: heading of the links to its session and the texts beside it.",
    ),
    UiString("around-session", "Session:", "Before the link to the text's session."),
    UiString("around-previous", "Previous text:", "Before the link to the previous text."),
    UiString("around-next", "Next text:", "Before the link to the next text."),
    UiString(
        "listing-drafts",
        "A text listed as a draft resolution is a draft: not a text its body adopted.",
        "At the top of every list of texts that holds a draft.",
    ),
    UiString("listing-heading", "Filter the texts", "Title of the page that filters the texts."),
    UiString("facet-body", "Body", "Filter: the body whose text it is."),
    UiString(
        "facet-session",
        "Session",
        "Filter: the session of the body for which the text was prepared.",
    ),
    UiString("facet-committee", "Committee", "Filter: the committee that prepared the text."),
    UiString("facet-stage", "Stage", "Filter: draft or adopted resolution."),
    UiString("facet-year", "Year", "Filter: the year of the text."),
    UiString("facet-status", "Translation status", "Filter: original, official, provisional."),
    UiString("facet-any", "All", "Filter value: no filter on this facet."),
    UiString(
        "facet-provisional",
        "Provisional translation",
        "Filter value: a translation not yet approved.",
    ),
    UiString("facet-found", "Texts found: {count}", "How many texts match. {count}: a number."),
    UiString("facet-none", "No text matches these choices.", "When no text matches."),
    UiString(
        "facet-fallback",
        "The filters need JavaScript. Without it, browse the texts by session, by body and "
        "committee, by year or by stage:",
        "On the filter page, before the links to the lists that need no script.",
    ),
    UiString(
        "feed-title",
        "New texts, versions and translations",
        "Title of the site's Atom feed in your language (a reader's feed list shows it).",
    ),
    UiString("feed-new-text", "New text", "A feed entry: a text published for the first time."),
    UiString(
        "feed-new-version",
        "New version: {version}",
        "A feed entry: a later version of a text (a corrigendum, a revision). {version}: "
        "what the version is, e.g. “Corrected version (28 November 2026)”.",
    ),
    UiString(
        "feed-translation-official",
        "Official translation published",
        "A feed entry: the approved translation of a text into your language.",
    ),
    UiString(
        "feed-translation-provisional",
        "Provisional translation published",
        "A feed entry: a translation into your language, published before its approval.",
    ),
    UiString(
        "iri-text",
        "This is the permanent address of the text. If your browser does not open it, "
        "follow this link:",
        "Page at a text's permanent identifier (its Akoma Ntoso IRI), which leads on to the "
        "text; shown only while the browser moves on.",
    ),
    UiString(
        "iri-file",
        "This is the permanent address of the file. If the download does not start, "
        "follow this link:",
        "Page at a file's permanent identifier, which leads on to the download.",
    ),
    UiString("not-found-heading", "Page not found", "Heading of the page for a wrong address."),
    UiString(
        "not-found-text",
        "There is no page at this address. It may have been mistyped, or the page may have moved.",
        "The page for a wrong address.",
    ),
    UiString(
        "not-found-home",
        "Go to the home page",
        "Link from the page for a wrong address to the home page of your language.",
    ),
    UiString(
        "accessibility-summary",
        "The text of a resolution with its headings, numbered paragraphs and footnotes; "
        "no images, tables of data only where the text has them.",
        "EPUB accessibility summary, read by assistive technology.",
    ),
    UiString("search-heading", "Search", "Title of the search page."),
    UiString(
        "search-label",
        "Search the texts",
        "Label of the search box (in the header of every page, and on the search page).",
    ),
    UiString("search-button", "Search", "Button that runs the search."),
    UiString(
        "search-filters", "Narrow the search", "Heading of the search page's choices of facets."
    ),
    UiString("search-any", "Any", "In each facet's list: no restriction."),
    UiString("search-facet-stage", "Stage", "Facet: whether a text is a draft or adopted."),
    UiString("search-facet-year", "Year", "Facet: the year of the text."),
    UiString("search-facet-body", "Body", "Facet: the body whose text it is."),
    UiString(
        "search-facet-status",
        "Translation",
        "Facet: the text's status in your language (original, official, provisional).",
    ),
    UiString("search-stage-draft", "Draft resolution", "Facet value: a draft."),
    UiString("search-stage-adopted", "Adopted resolution", "Facet value: an adopted text."),
    UiString(
        "search-status-provisional",
        "Provisional translation",
        "Facet value: a translation not yet approved.",
    ),
    UiString(
        "search-count",
        "Texts found: {count}",
        "Above the search results. {count}: their number, written by the software.",
    ),
    UiString(
        "search-none",
        "No text in this language matches the search.",
        "Shown when a search finds nothing.",
    ),
    UiString("search-more", "More results", "Button that shows the next search results."),
    UiString(
        "search-noscript",
        "Searching needs JavaScript. Every text is listed on the home page.",
        "Shown on the search page in a browser without JavaScript.",
    ),
)


def _notice(body: bodies.Body, comment: str) -> UiString:
    names = "; ".join(f"{code}: {name}" for code, name in body.names)
    return UiString(
        bodies.notice_key(body),
        body.draft_notice,
        f"{comment} of the {body.name()}. Its official names: {names}.",
    )


def interface_strings(body: bodies.Body) -> tuple[UiString, ...]:
    """Every interface string of a project whose texts are ``body``'s (the site's
    introduction is that body's), with one draft notice per body of the registry."""
    found: list[UiString] = []
    for item in UI_STRINGS:
        if item.key == "draft-notice":
            found += [_notice(each, item.comment) for each in bodies.registry()]
        elif item.key == "home-intro":
            text = body.intro or item.text.format(body=body.name())
            found.append(UiString(item.key, text, item.comment))
        else:
            found.append(item)
    return tuple(found)


def draft_notice(strings: Mapping[str, str], facts: akn.Facts) -> str:
    """The notice on a draft, of the body whose text it is (the project's, under the key
    ``draft-notice``, when it names none)."""
    return strings[bodies.notice_key(bodies.get(facts.body)) if facts.body else "draft-notice"]


def ui_template(date: datetime, team: str, path: Path, body: bodies.Body) -> PoFile:
    catalog = new_catalog(locale=None, project=UI_NAME, version="1", date=date, team=team)
    catalog.header_comment = "# Interface strings of the publications.\n# Generated by `python -m build_tools extract`; do not edit."
    for item in interface_strings(body):
        flags = ["python-brace-format"] if "{" in item.text else []
        catalog.add(item.text, context=item.key, auto_comments=[item.comment], flags=flags)
    return PoFile(path=path, catalog=catalog)


def _translated(data: bytes, path: Path) -> dict[str, str]:
    found = read_catalog(path, data).catalog
    return {str(m.context): str(m.string) for m in found if m.id and translated(m)}


_PARSED: dict[str, dict[str, str]] = {}  # by content hash: a changed file is read afresh


def ui_strings(layout: Layout, code: str, body: bodies.Body) -> dict[str, str]:
    """Every interface string in the language ``code``, unformatted (English where
    untranslated), from ``translations/<code>/ui.po`` as it is now; ``body``: the
    project's (see :func:`interface_strings`), whose draft notice is ``draft-notice``."""
    path = layout.catalog(code, UI_NAME)
    data = path.read_bytes() if path.exists() else b""
    key = sha256(data)
    if key not in _PARSED:
        _PARSED[key] = _translated(data, path) if data else {}
    found = _PARSED[key]
    strings = {item.key: found.get(item.key, item.text) for item in interface_strings(body)}
    strings["draft-notice"] = strings[bodies.notice_key(body)]  # of a text naming no body
    return strings


def language_name(code: str, in_language: str) -> str:
    """'English' as ``in_language`` writes it in running text (Babel/CLDR)."""
    locale = Locale.parse(in_language.replace("-", "_"))
    return str(locale.languages.get(code.split("-")[0], code))


def display_name(code: str) -> str:
    """A language's own name for itself, as a switcher shows it: 'Français', 'العربية'."""
    name = str(Locale.parse(code).get_display_name(code))
    return name[:1].upper() + name[1:]


def stage_line(facts: akn.Facts, strings: Mapping[str, str], locale: str) -> str:
    """What the text is, e.g. 'Draft resolution, 15 January 2015 — C-I/132/DR', in the
    language of ``strings`` (the interface strings) and ``locale`` (its dates)."""
    if facts.stage is None or not facts.date:
        return facts.symbol
    key = "stage-draft" if facts.stage is akn.Stage.DRAFT else "stage-adopted"
    line = strings[key].format(date=long_date(facts.date, locale))
    return f"{line} — {facts.symbol}" if facts.symbol else line
