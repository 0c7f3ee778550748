"""Glossary pop-ups: wrap the terms of messages.GLOSSARY in <abbr title="definition"> in a page's HTML.

Pure (HTML in, HTML out), applied by the MkDocs hook to the generated pages. Chinese has no word boundaries,
so Markdown's `abbr` extension (which matches on \\b) cannot find 统筹区 in 同一统筹区内; this does, on text
between tags only. Terms inside links, headings, buttons, code, SVG and the like are left alone, and each term
is marked once per section (h2), so a page is not striped with underlines. Without JavaScript the title is
the browser's own tooltip; docs/javascripts/yb-ui.js turns each term into a button that opens the definition
inline (phones have no hover).
"""

from __future__ import annotations

import html
import re

from checker import messages as M

# Elements whose text is never wrapped (void elements never hold text, so they need no tracking).
SKIP = frozenset({"a", "abbr", "button", "code", "pre", "script", "style", "svg", "textarea", "select", "option",
                  "label", "summary", "title", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "dt", "figcaption"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)


def add_terms(page_html: str, glossary: dict[str, str] | None = None) -> str:
    """The page with the first occurrence of each term per h2 section wrapped as <abbr class="yb-term">."""
    glossary = M.GLOSSARY if glossary is None else glossary
    if not glossary:
        return page_html
    terms = re.compile("|".join(re.escape(t) for t in sorted(glossary, key=len, reverse=True)))
    out: list[str] = []
    depth: dict[str, int] = {}
    seen: set[str] = set()
    pos = 0

    def text(chunk: str) -> str:
        if any(depth.values()):
            return chunk

        def wrap(m: re.Match) -> str:
            term = m.group()
            if term in seen:
                return term
            seen.add(term)
            title = html.escape(glossary[term], quote=True)
            return f'<abbr class="yb-term" title="{title}">{term}</abbr>'

        return terms.sub(wrap, chunk)

    for m in _TAG.finditer(page_html):
        out.append(text(page_html[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
        closing, name, self_closing = m.group(1), (m.group(2) or "").lower(), m.group(3)
        if not name or self_closing:
            continue
        if name == "h2" and not closing:
            seen.clear()  # a new section: mark each term once again
        if name in SKIP:
            depth[name] = max(0, depth.get(name, 0) + (-1 if closing else 1))
    out.append(text(page_html[pos:]))
    return "".join(out)
