"""Inline <head> scripts that keep Material's bundle from running until it is wanted.

How: a parser-inserted <script> is prepared only after the parser's microtask checkpoint at its end tag, when a
MutationObserver has already seen it inserted; a script whose type is no JavaScript type is neither fetched nor
run. When released, the held element is replaced by a new one (the page keeps its scripts). That one runs after
DOMContentLoaded, which Material's start waits for, so the event is dispatched once more (bridge.js and yb-ui.js
subscribe to Material's page changes on it). If a browser ran the bundle anyway, nothing was held and nothing
is run twice. Until then the page looks as it will (the html element has Material's "js" class from the start:
docs/overrides/main.html) and is plain HTML: links load pages normally, the drawer and the search open (their
toggles are CSS). The page says which it was in an attribute of the html element: "held", then "released"; or
"ran".

Two uses:

* The checker page opened from a shared link (pyodide_hook.py, ``SHARED_LINK``): the bundle waits for the first
  answer (bridge.js calls ``window.__ybMaterial()``), the person's first click, scroll or key, or 5 s, so that
  it does not compete with Pyodide's start for the CPU. Attribute ``data-yb-material``; yb-ui.js then also keeps the search index back.
* Every other page (mkdocs_hook.py, ``GUIDE_PAGE``): nothing Material's bundle does is needed to read a page
  (the first frame is drawn without it), and its run and start-up are the page's one long task (Lighthouse, 4x
  CPU: 110-175 ms, most of the page's blocking time). It runs when the person first clicks or taps, scrolls or
  types, or 5 s after the page has loaded. A click on a link does not release it (the link loads its page
  anyway, and the bundle's run would only delay that). Material's search keys (f, s, /) open the search at once
  (its toggle is CSS) and the search picks up what was typed. Attribute ``data-yb-bundle``: the search index
  is loaded as usual once the bundle runs.

Both are one mechanism (``hold_material_js``), differing in the attribute, when the 5 s start and whether
bridge.js may let the bundle go.
"""

from __future__ import annotations

RELEASE_AFTER_MS = 5000
CHECKER_PAGE = "checker.md"  # the one page that holds the bundle only for a shared link
BUNDLE_SRC = r"/\/assets\/javascripts\/bundle\.[0-9a-f]+\.min\.js$/"


def hold_material_js(attribute: str, timer: str, export: bool = False) -> str:
    """The body of an inline script (no tag, no wrapper) that holds Material's bundle; ``attribute`` on the html
    element says "held", then "released" (or "ran"); ``timer`` is JavaScript that calls ``go`` later; ``export``
    makes ``window.__ybMaterial`` let it go (bridge.js, once a shared link's answer is on screen).

    Every byte here is in every page's first response (the comparison table's must stay inside the first TCP
    window, mkdocs_hook.BIG_PAGE_BYTES), hence the terse names. go(e): e is the releasing event (none for the
    timer). A click on a link returns early (the link loads its page); Material's search keys (f, s, /) outside
    a form field open the search overlay (a CSS toggle) with the focus in its field, as Material would. The
    bundle is let go after the next frame: the click or key that released it is handled and drawn first (its
    run is 40-70 ms here, 250-300 ms at a phone's CPU speed). Clicks, not pointerdown: a tap on a button would
    otherwise wait for the bundle's run between the finger going down and up. A scroll is by touch, wheel, keys
    or scrollbar; wheel listeners on window are passive by default."""
    return (
        f'var d=document,R=d.documentElement,A="{attribute}",n,z,dcl;'
        'd.addEventListener("DOMContentLoaded",function(){dcl=1});'
        "var o=new MutationObserver(function(rs){rs.forEach(function(r){r.addedNodes.forEach(function(x){"
        f'if(x.tagName=="SCRIPT"&&{BUNDLE_SRC}.test(x.src)){{o.disconnect();x.type="yb/held";n=x;'
        'R.setAttribute(A,"held")}})})});o.observe(d,{childList:!0,subtree:!0});'
        "function go(e){if(z)return;if(e){var g=e.target,c=function(s){return g.closest&&g.closest(s)};"
        'if(e.type=="keydown"){if(!e.ctrlKey&&!e.metaKey&&!e.altKey&&/^[fs/]$/i.test(e.key)'
        '&&!c("input,select,textarea,[contenteditable]")){var b=d.getElementById("__search"),'
        'q=d.querySelector("[data-md-component=search-query]");if(b&&q){e.preventDefault();b.checked=!0;q.focus()}}}'
        'else if(e.type=="click"&&c("a[href]"))return}'
        'z=1;o.disconnect();if(!n)return R.setAttribute(A,"ran");requestAnimationFrame(function(){setTimeout(function(){'
        'var s=d.createElement("script");s.src=n.src;'
        's.onload=function(){R.setAttribute(A,"released");dcl&&d.dispatchEvent(new Event("DOMContentLoaded"))};'
        "n.replaceWith(s)})})};"
        '"click keydown wheel scroll".split(" ").forEach(function(t){addEventListener(t,go,!0)});'
        + timer + ("window.__ybMaterial=go;" if export else "")
    )


# From the start of the page: the person is waiting for Pyodide's answer, not for the page's load.
SHARED_LINK = hold_material_js("data-yb-material", f"setTimeout(go,{RELEASE_AFTER_MS});", export=True)
GUIDE_PAGE = hold_material_js(
    "data-yb-bundle", f'addEventListener("load",function(){{setTimeout(go,{RELEASE_AFTER_MS})}});')
