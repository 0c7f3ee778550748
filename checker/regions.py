"""The 32 provincial-level regions the dataset must cover (GB/T 2260 codes).

31 provinces of mainland China plus 新疆生产建设兵团, which runs its own medical insurance and uses
the code 660000 in national medical-insurance systems.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # full official name
    short: str  # the name people say
    pinyin: str  # used in file names and URLs (ASCII slugs stay short in WeChat)

    @property
    def slug(self) -> str:
        return f"{self.code}-{self.pinyin}"


REGIONS: tuple[Region, ...] = (
    Region("110000", "北京市", "北京", "beijing"),
    Region("120000", "天津市", "天津", "tianjin"),
    Region("130000", "河北省", "河北", "hebei"),
    Region("140000", "山西省", "山西", "shanxi"),
    Region("150000", "内蒙古自治区", "内蒙古", "neimenggu"),
    Region("210000", "辽宁省", "辽宁", "liaoning"),
    Region("220000", "吉林省", "吉林", "jilin"),
    Region("230000", "黑龙江省", "黑龙江", "heilongjiang"),
    Region("310000", "上海市", "上海", "shanghai"),
    Region("320000", "江苏省", "江苏", "jiangsu"),
    Region("330000", "浙江省", "浙江", "zhejiang"),
    Region("340000", "安徽省", "安徽", "anhui"),
    Region("350000", "福建省", "福建", "fujian"),
    Region("360000", "江西省", "江西", "jiangxi"),
    Region("370000", "山东省", "山东", "shandong"),
    Region("410000", "河南省", "河南", "henan"),
    Region("420000", "湖北省", "湖北", "hubei"),
    Region("430000", "湖南省", "湖南", "hunan"),
    Region("440000", "广东省", "广东", "guangdong"),
    Region("450000", "广西壮族自治区", "广西", "guangxi"),
    Region("460000", "海南省", "海南", "hainan"),
    Region("500000", "重庆市", "重庆", "chongqing"),
    Region("510000", "四川省", "四川", "sichuan"),
    Region("520000", "贵州省", "贵州", "guizhou"),
    Region("530000", "云南省", "云南", "yunnan"),
    Region("540000", "西藏自治区", "西藏", "xizang"),
    Region("610000", "陕西省", "陕西", "shaanxi"),
    Region("620000", "甘肃省", "甘肃", "gansu"),
    Region("630000", "青海省", "青海", "qinghai"),
    Region("640000", "宁夏回族自治区", "宁夏", "ningxia"),
    Region("650000", "新疆维吾尔自治区", "新疆", "xinjiang"),
    Region("660000", "新疆生产建设兵团", "兵团", "bingtuan"),
)

BY_CODE: dict[str, Region] = {r.code: r for r in REGIONS}

# Every name a person might type for a region: code, full name, short name, and common variants.
_EXTRA_ALIASES = {
    "660000": ("新疆兵团", "新疆生产建设兵团"),
    "150000": ("内蒙",),
    "450000": ("广西自治区",),
    "640000": ("宁夏自治区",),
    "650000": ("新疆自治区",),
    "540000": ("西藏自治区",),
}


def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for r in REGIONS:
        for alias in (r.code, r.name, r.short, r.pinyin, *_EXTRA_ALIASES.get(r.code, ())):
            table[alias] = r.code
    return table


ALIASES: dict[str, str] = _aliases()


def resolve(text: str) -> Region | None:
    """Return the region named by a code, a Chinese name or its pinyin, or None."""
    code = ALIASES.get(text.strip())
    return BY_CODE.get(code) if code else None
