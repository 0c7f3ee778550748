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
    capital: str | None = None  # the provincial capital (None: a municipality, or the 兵团)

    @property
    def slug(self) -> str:
        return f"{self.code}-{self.pinyin}"


REGIONS: tuple[Region, ...] = (
    Region("110000", "北京市", "北京", "beijing"),
    Region("120000", "天津市", "天津", "tianjin"),
    Region("130000", "河北省", "河北", "hebei", "石家庄市"),
    Region("140000", "山西省", "山西", "shanxi", "太原市"),
    Region("150000", "内蒙古自治区", "内蒙古", "neimenggu", "呼和浩特市"),
    Region("210000", "辽宁省", "辽宁", "liaoning", "沈阳市"),
    Region("220000", "吉林省", "吉林", "jilin", "长春市"),
    Region("230000", "黑龙江省", "黑龙江", "heilongjiang", "哈尔滨市"),
    Region("310000", "上海市", "上海", "shanghai"),
    Region("320000", "江苏省", "江苏", "jiangsu", "南京市"),
    Region("330000", "浙江省", "浙江", "zhejiang", "杭州市"),
    Region("340000", "安徽省", "安徽", "anhui", "合肥市"),
    Region("350000", "福建省", "福建", "fujian", "福州市"),
    Region("360000", "江西省", "江西", "jiangxi", "南昌市"),
    Region("370000", "山东省", "山东", "shandong", "济南市"),
    Region("410000", "河南省", "河南", "henan", "郑州市"),
    Region("420000", "湖北省", "湖北", "hubei", "武汉市"),
    Region("430000", "湖南省", "湖南", "hunan", "长沙市"),
    Region("440000", "广东省", "广东", "guangdong", "广州市"),
    Region("450000", "广西壮族自治区", "广西", "guangxi", "南宁市"),
    Region("460000", "海南省", "海南", "hainan", "海口市"),
    Region("500000", "重庆市", "重庆", "chongqing"),
    Region("510000", "四川省", "四川", "sichuan", "成都市"),
    Region("520000", "贵州省", "贵州", "guizhou", "贵阳市"),
    Region("530000", "云南省", "云南", "yunnan", "昆明市"),
    Region("540000", "西藏自治区", "西藏", "xizang", "拉萨市"),
    Region("610000", "陕西省", "陕西", "shaanxi", "西安市"),
    Region("620000", "甘肃省", "甘肃", "gansu", "兰州市"),
    Region("630000", "青海省", "青海", "qinghai", "西宁市"),
    Region("640000", "宁夏回族自治区", "宁夏", "ningxia", "银川市"),
    Region("650000", "新疆维吾尔自治区", "新疆", "xinjiang", "乌鲁木齐市"),
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
