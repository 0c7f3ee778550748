"""One place for the page's wording: every word the checker's JavaScript (docs/javascripts/checker/*.js) shows
comes from checker/messages.py PAGE_TEXT, sent in vocab.json as "text" and read through say(vocab, "key", values)
(text.js). The code holds no Chinese, every key it uses exists with the placeholders it fills, and no entry is dead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from checker import messages
from checker.messages import HELP, PAGE_TEXT
from sitegen.runtime import form_vocab

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "docs" / "javascripts" / "checker").glob("*.js"))
# CJK ideographs, CJK punctuation (、。「」《》…) and full-width forms (，：；（）？): Chinese wording, not code.
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
KEY = r'"([a-z][a-z0-9_]*)"'
SAY = re.compile(r"(?<![\w.])say\(")
LITERAL_SAY = re.compile(r"say\(\s*[\w.?]+\s*,\s*" + KEY)
FIELD_SAY = re.compile(r"say\(\s*[\w.?]+\s*,\s*field\.(?:label|blank)\s*\)")  # form.js: FIELDS' label and blank
FIELD_KEY = re.compile(r"\b(?:label|blank):\s*" + KEY)
TEXT_KEY = re.compile(r"\.text\??\.([a-z][a-z0-9_]*)")  # vocab.text.key, should one be read directly
PLACEHOLDER = re.compile(r"\{(\w+)\}")
REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}


def strip_comments(source: str) -> str:
    """The code without its // and /* */ comments; strings, template literals (with ${} inside) and regular
    expression literals are kept whole, so a "//" inside them is not taken for a comment."""
    out: list[str] = []
    i, n = 0, len(source)
    stack: list[str] = []  # "`": inside a template literal; "{": a brace inside ${ … }, "${": the ${ itself

    def last_code_char() -> str:
        text = "".join(out[-40:]).rstrip()
        return text[-1] if text else ""

    while i < n:
        c = source[i]
        if stack and stack[-1] == "`":
            if c == "\\":
                out.append(source[i:i + 2])
                i += 2
            elif c == "`":
                stack.pop()
                out.append(c)
                i += 1
            elif source.startswith("${", i):
                stack.append("${")
                out.append("${")
                i += 2
            else:
                out.append(c)
                i += 1
            continue
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            assert end >= 0, "unclosed /* comment"
            out.append(" ")
            i = end + 2
        elif c in "\"'":
            j = i + 1
            while j < n and source[j] != c:
                j += 2 if source[j] == "\\" else 1
            out.append(source[i:j + 1])
            i = j + 1
        elif c == "`":
            stack.append("`")
            out.append(c)
            i += 1
        elif c == "/" and (last_code_char() in REGEX_BEFORE or re.search(r"\breturn\s*$", "".join(out[-20:]))):
            j, in_class = i + 1, False
            while j < n and (in_class or source[j] != "/"):
                if source[j] == "\\":
                    j += 1
                elif source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                j += 1
            out.append(source[i:j + 1])
            i = j + 1
        else:
            if c == "{" and stack:
                stack.append("{")
            elif c == "}" and stack:
                stack.pop()  # a "${" popped: back inside its template literal
            out.append(c)
            i += 1
    return "".join(out)


def test_comment_stripper_keeps_code_and_strings():
    code = strip_comments('const a = "http://x"; // 注释\nconst r = /\\/\\//g; /* 说明 */ const t = `${f(`//`)}`; // y\n'
                          'if (a) return /"/.test(b);')
    assert "注释" not in code and "说明" not in code and "y\n" not in code
    assert '"http://x"' in code and "/\\/\\//g" in code and "`${f(`//`)}`" in code and '/"/.test(b)' in code


def code_of(path: Path) -> str:
    return strip_comments(path.read_text(encoding="utf-8"))


def test_no_chinese_in_the_page_code():
    found = [f"{path.name}:{number}: {line.strip()}" for path in SCRIPTS
             for number, line in enumerate(code_of(path).splitlines(), 1) if CHINESE.search(line)]
    assert not found, "wording belongs in checker/messages.py PAGE_TEXT:\n" + "\n".join(found)


def top_level_keys(obj: str) -> set[str]:
    """The property names of a small object literal's source, `{ a, b: f(x, y) }` -> {"a", "b"}."""
    parts, depth, start = [], 0, 0
    body = obj[1:-1]
    for i, c in enumerate(body):
        depth += c in "([{"
        depth -= c in ")]}"
        if c == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return {re.match(r"\s*(\w+)", part).group(1) for part in parts if part.strip()}


def values_after(code: str, end: int) -> str | None:
    """The `{ … }` given as say()'s third argument, if the call at code[:end] has one."""
    rest = code[end:]
    if not re.match(r"\s*,\s*\{", rest):
        return None
    start = rest.index("{")
    depth = 0
    for i in range(start, len(rest)):
        depth += rest[i] == "{"
        depth -= rest[i] == "}"
        if depth == 0:
            return rest[start:i + 1]
    raise AssertionError("unbalanced braces after say(")


def test_every_key_used_exists_and_every_entry_is_used():
    used: dict[str, set[str]] = {}  # key -> placeholders the call fills
    for path in SCRIPTS:
        code = code_of(path)
        calls = [m for m in SAY.finditer(code) if not code[:m.start()].endswith("function ")]
        literal = list(LITERAL_SAY.finditer(code))
        fields = FIELD_SAY.findall(code)
        assert len(calls) == len(literal) + len(fields), f"{path.name}: a say() call whose key is not written out"
        for m in literal:
            values = values_after(code, m.end())
            assert m.group(1) in PAGE_TEXT, f"{path.name}: {m.group(1)} is not in PAGE_TEXT"
            given = top_level_keys(values) if values else set()
            wanted = set(PLACEHOLDER.findall(PAGE_TEXT[m.group(1)]))
            assert given == wanted, f"{path.name}: say(…, {m.group(1)!r}) fills {given}, its text has {wanted}"
            used.setdefault(m.group(1), set())
        for key in FIELD_KEY.findall(code) + TEXT_KEY.findall(code):
            assert key in PAGE_TEXT, f"{path.name}: {key} is not in PAGE_TEXT"
            assert not PLACEHOLDER.search(PAGE_TEXT[key]), f"{key}: a field's label or blank has no placeholder"
            used.setdefault(key, set())
    assert not set(PAGE_TEXT) - set(used), f"dead entries in PAGE_TEXT: {sorted(set(PAGE_TEXT) - set(used))}"


def test_the_page_gets_the_text_and_the_hotline_is_written_once():
    assert json.loads(form_vocab())["text"] == PAGE_TEXT
    assert all(isinstance(v, str) and v for v in PAGE_TEXT.values())
    assert Path(messages.__file__).read_text(encoding="utf-8").count("12393") == 1, "the hotline lives in HELP"
    hotline = HELP[HELP.index("拨打"):]
    assert all(text.endswith(hotline) for text in PAGE_TEXT.values() if "12393" in text)
