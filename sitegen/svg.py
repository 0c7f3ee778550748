"""The guide's pictures as inline SVG strings (Markup for the templates): the binding flow and the tile maps.

Data text in them goes through esc_html; a picture, not links: the region links are in the pages' tables.
"""

from __future__ import annotations

from markupsafe import Markup

from checker import messages as M
from checker.timeline import value_at

from .display import Page, esc_html
from .facts import SHORT, short

# Tile colours: light, so dark text stays readable; the legend and the table say the same in words.
COLOURS = {
    "money_model": {"authorize": "#8ecae6", "pooled_account": "#ffb703", "link": "#b5e48c",
                    "prior_year_account": "#f4a3a8", None: "#e0e0e0"},
    "cross_province": {"full": "#b5e48c", "partial": "#ffe08a", "none": "#f4a3a8", None: "#e0e0e0"},
}
# Schematic tile positions (column, row), not a map: neighbours are roughly neighbours.
TILES = {
    "230000": (7, 0),
    "660000": (0, 1), "150000": (4, 1), "110000": (5, 1), "210000": (6, 1), "220000": (7, 1),
    "650000": (0, 2), "620000": (2, 2), "640000": (3, 2), "140000": (4, 2), "130000": (5, 2), "120000": (6, 2),
    "630000": (1, 3), "610000": (3, 3), "410000": (4, 3), "370000": (5, 3),
    "540000": (0, 4), "510000": (2, 4), "500000": (3, 4), "420000": (4, 4), "340000": (5, 4), "320000": (6, 4),
    "530000": (2, 5), "520000": (3, 5), "430000": (4, 5), "360000": (5, 5), "330000": (6, 5), "310000": (7, 5),
    "450000": (3, 6), "440000": (4, 6), "350000": (5, 6),
    "460000": (4, 7),
}


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def flow_svg(region: dict | None = None) -> Markup:
    """The binding flow as an inline SVG: a column of boxes; a question box says what happens on 否."""
    where = region["short"] if region else "参保地"
    module = (region["local_name"] or "家庭共济") if region else "家庭共济"
    boxes = [
        ("您参加职工医保，有个人账户吗？", "否：居民医保没有个人账户，不能当共济人。"),
        ("亲属是近亲属，本人也参加了基本医保吗？", "否：没参保的，可以先用您的个人账户为他交居民医保费。"),
        ("亲属和您在同一个省参保吗？", "否：用国家医保服务平台App的「医保钱包」跨省共济。"),
        (f"打开{where}的医保App、公众号、支付宝，或去窗口，找到「{module}」。", ""),
        ("添加亲属，签承诺书。有的地方还要亲属本人刷脸确认、设定额度。", ""),
        ("完成：亲属用他本人的医保码或医保卡结算，钱从您的账户扣。", ""),
    ]
    width, x0, y, parts = 360, 8, 8, []
    for i, (main, side) in enumerate(boxes):
        lines, sides = _wrap(main, 20), _wrap(side, 24) if side else []
        h = 14 + 22 * len(lines) + 18 * len(sides)
        parts.append(f'<rect x="{x0}" y="{y}" width="{width - 2 * x0}" height="{h}" rx="8" class="yb-flow-box"/>')
        parts += [f'<text x="{x0 + 12}" y="{y + 26 + 22 * k}" class="yb-flow-text">{esc_html(t)}</text>'
                  for k, t in enumerate(lines)]
        parts += [f'<text x="{x0 + 12}" y="{y + 24 + 22 * len(lines) + 18 * k}" class="yb-flow-side">'
                  f'{esc_html(t)}</text>' for k, t in enumerate(sides)]
        y += h
        if i < len(boxes) - 1:
            parts.append(f'<line x1="{width // 2}" y1="{y}" x2="{width // 2}" y2="{y + 22}" class="yb-flow-arrow" '
                         'marker-end="url(#yb-arrow)"/>')
            if side:
                parts.append(f'<text x="{width // 2 + 10}" y="{y + 17}" class="yb-flow-side">是</text>')
            y += 26
    return Markup("\n".join([  # inside a <div>: a raw HTML block, so Markdown never touches the SVG's text
        '<div class="yb-figure">',
        (f'<svg class="yb-flow" viewBox="0 0 {width} {y + 8}" role="img" aria-labelledby="yb-flow-title" '
         'xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="yb-flow-title">绑定家庭共济的流程（{esc_html(where)}）</title>',
        ('<defs><marker id="yb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
         'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'),
        *parts, "</svg>", "</div>"]))


def _swatch(colour: str) -> str:
    """A legend colour as SVG (a presentation attribute, not an inline style: the site's CSP forbids those)."""
    return (f'<svg class="yb-swatch" viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" '
            f'fill="{colour}" stroke="#555"/></svg>')


def tile_map(bundle: dict, today: str, key: str, page: Page, tiles: dict = TILES) -> Markup:
    """A schematic grid of all regions coloured by a dated fact's value on the page's date (a picture).
    tiles: region code -> (column, row) (pages.TILES, which the scale benchmark extends)."""
    size, gap_px, parts = 60, 4, []
    counts: dict[object, int] = {}
    for region in bundle["regions"]:
        look = value_at(bundle, region, key, today)
        page.cite(look.sources)
        value = look.value if look.status == "known" else None
        counts[value] = counts.get(value, 0) + 1
        col, row = tiles[region["code"]]
        x, y = col * (size + gap_px), row * (size + gap_px)
        state = short(key, value) if value is not None else "不确定"
        # A picture, not links: the region links are in the page's tables and lists. (SVG links would need
        # xlink:href, which Material's instant navigation needs and search engines do not follow.)
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" '
            f'fill="{COLOURS[key][value]}"><title>{esc_html(region["short"])}：{esc_html(state)}</title></rect>'
            f'<text x="{x + size / 2}" y="{y + size / 2 + 6}" text-anchor="middle" class="yb-tile-text">'
            f'{esc_html(region["short"])}</text></g>')
    w, h = 8 * (size + gap_px), 8 * (size + gap_px)
    svg = (f'<svg class="yb-tiles" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="各地区{esc_html(M.FACT[key])}示意图（各地区的详情见本页的表格和列表）">'
           + "".join(parts) + "</svg>")
    legend = [f'<li>{_swatch(COLOURS[key][v])}{esc_html(SHORT[key][v])}：{counts[v]}个地区</li>'
              for v in SHORT[key] if counts.get(v)]
    if counts.get(None):
        legend.append(f'<li>{_swatch(COLOURS[key][None])}资料不足或不确定：{counts[None]}个地区</li>')
    return Markup("\n".join(['<figure class="yb-map">', svg,
                             (f'<figcaption>{esc_html(M.FACT[key])}（截至{esc_html(today)}；示意图，不是地图；点地区看详情）'
                              '</figcaption>'), '<ul class="yb-legend">', *legend, "</ul>", "</figure>"]))
