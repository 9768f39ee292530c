"""Reading the app's HTML in tests: one parser for the hub pages and the network views."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr", "col", "area", "base"}


class Page(HTMLParser):
    """The parts of a page the tests look at: whether tags close in order (``errors``, and
    ``stack`` left open), the ids (``ids``: each element's attributes; ``id_list``: every id
    as often as it occurs), every ``src``/``href``/``action`` (``urls``), what the page loads
    (``resources``: script src, link href), where it links (``links``: a href), the title,
    the embedded JSON scripts by id and the options of each select by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: dict[str, dict[str, str | None]] = {}
        self.id_list: list[str] = []
        self.urls: list[str] = []
        self.resources: list[str] = []
        self.links: list[str] = []
        self.title = ""
        self.scripts: dict[str, str] = {}
        self.options: dict[str, list[tuple[str, bool]]] = {}
        self._in_title = False
        self._script: str | None = None
        self._select: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[str(found["id"])] = found
            self.id_list.append(str(found["id"]))
        self.urls += [v for k, v in attrs if k in ("src", "href", "action") and v is not None]
        if tag == "script" and found.get("src"):
            self.resources.append(str(found["src"]))
        if tag == "link" and found.get("href"):
            self.resources.append(str(found["href"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "script" and found.get("type") == "application/json":
            self._script = str(found["id"])
        if tag == "select":
            self._select = str(found["id"])
            self.options[self._select] = []
        if tag == "option" and self._select is not None:
            self.options[self._select].append((str(found["value"]), "selected" in found))
        if tag not in VOID:
            self.stack.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        if tag == "select":
            self._select = None
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._script is not None:
            self.scripts[self._script] = self.scripts.get(self._script, "") + data


def well_formed(html: str) -> Page:
    """The page, after checking that it is an HTML5 document whose tags close in order and
    whose ids are unique."""
    page = Page(html)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert not page.errors, page.errors
    assert not page.stack, f"unclosed: {page.stack}"
    duplicates = {i for i in page.id_list if page.id_list.count(i) > 1}
    assert not duplicates, duplicates
    return page
