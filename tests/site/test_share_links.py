"""Shared links are input from outside: the page's link reader (docs/javascripts/checker/form.js, run in
Node.js) must never throw, must only ever accept values the form offers, and must round-trip its own links.

Thousands of generated query strings (hostile characters, repeated keys, huge values, unknown keys) plus
the valid states, in one Node process.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from sitegen.runtime import form_vocab

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["v", "a", "r", "d", "g", "rel", "age", "rs", "rr", "p", "from", "h", "q", "__proto__", "constructor"]
NASTY = ["", "1", "99", "140000", "bind", "sibling", "same", "unknown", "2025-01-01", "2025-02-30", "9999-99-99", "<script>alert(1)</script>",
         "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "%", "%E4%B8", "山西", "\u202e", "\x00", "a" * 300,
         "toString", "__proto__", "1e3", "-1", "0130", " 12", "null", "[]", "{}"]

RUNNER = r"""
import { readFileSync } from "node:fs";
import { allowedValues, FIELDS, fromQuery, isDate, SAME, toQuery } from "./docs/javascripts/checker/form.js";

const { vocab, queries, states } = JSON.parse(readFileSync(0, "utf8"));
const fields = new Map(FIELDS.map((f) => [f.key, f]));
const failures = [];
const seen = { ignored: 0, accepted: 0, refused: 0 };
const fail = (query, why) => failures.push({ query: query.slice(0, 200), why });

for (const query of queries) {
  let link;
  try {
    link = fromQuery(query, vocab);
  } catch (exc) {
    fail(query, `threw ${exc}`);
    continue;
  }
  if (link === null) { seen.ignored++; continue; }
  seen.accepted += Object.keys(link.values).length;
  seen.refused += link.problems.length;
  if (!Array.isArray(link.problems) || typeof link.values !== "object") { fail(query, "bad shape"); continue; }
  for (const [key, value] of Object.entries(link.values)) {
    const field = fields.get(key);
    if (!field || typeof value !== "string") { fail(query, `accepted key ${key}`); continue; }
    const ok = field.choices ? allowedValues(field, vocab).includes(value)
      : field.type === "date" ? isDate(value) : /^\d{1,3}$/.test(value);
    if (!ok) fail(query, `accepted ${key}=${value}`);
  }
  for (const [key, message] of link.problems) {
    if (!(key === null || fields.has(key)) || typeof message !== "string" || !message) fail(query, "bad problem");
  }
  // Version 1's meaning kept: a link about a relative that does not say where the relative is insured means the
  // giver's province (never "not answered", never 不清楚).
  const params = new URLSearchParams(query);
  if ((link.values.rel || link.values.rs) && !params.has("rr") && link.values.rr !== SAME) fail(query, "rr not same");
}
for (const values of states) {
  const link = fromQuery("?" + toQuery(values), vocab);
  const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => v));
  if (link.problems.length || JSON.stringify(link.values, Object.keys(kept).sort()) !== JSON.stringify(kept, Object.keys(kept).sort())) {
    fail(toQuery(values), "did not round-trip");
  }
}
process.stdout.write(JSON.stringify({ failures, seen, checked: queries.length + states.length }));
"""


def random_query(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 12)):
        key = rng.choice(KEYS)
        value = rng.choice(NASTY) if rng.random() < 0.8 else "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(5))
        parts.append(f"{quote(key)}={quote(value) if rng.random() < 0.7 else value}")
    if rng.random() < 0.7:
        parts.insert(0, "v=1")
    return "?" + "&".join(parts)


def valid_state(rng: random.Random, vocab: dict) -> dict[str, str]:
    def pick(name: str) -> str:
        return rng.choice(vocab[name])[0]

    return {"a": pick("actions"), "r": pick("regions"), "d": f"{rng.randint(2000, 2100)}-{rng.randint(1, 12):02d}-"
            f"{rng.randint(1, 28):02d}", "g": pick("schemes"), "rel": rng.choice(["", pick("relations")]),
            "age": rng.choice(["", str(rng.randint(0, 130))]), "rs": pick("receiver_schemes"),
            "rr": rng.choice(["same", "unknown", pick("regions")]), "p": pick("purposes")}


def test_link_reader_never_trusts_a_link():
    node = shutil.which("node")
    if node is None:
        pytest.fail("needs Node.js: run `make setup`")
    vocab = json.loads(form_vocab())
    rng = random.Random(20261123)
    queries = [random_query(rng) for _ in range(3000)] + ["?" + "v=1&" * 400, "?v=1&r=" + "1" * 5000, "?", "", "?&&&=="]
    states = [valid_state(rng, vocab) for _ in range(300)]
    proc = subprocess.run([node, "--input-type=module", "-e", RUNNER], cwd=ROOT, check=True, capture_output=True,
                          text=True, input=json.dumps({"vocab": vocab, "queries": queries, "states": states}), timeout=120)
    report = json.loads(proc.stdout)
    assert report["checked"] == len(queries) + len(states)
    assert min(report["seen"].values()) > 50, report["seen"]  # the generator reaches every outcome
    assert not report["failures"], report["failures"][:5]


READ = r"""
import { readFileSync } from "node:fs";
import { fromQuery, toQuery } from "./docs/javascripts/checker/form.js";
const { vocab, queries } = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(queries.map((q) => fromQuery(q, vocab))));
"""


def test_version_1_links_keep_their_meaning_and_new_values_are_read():
    """Links saved before the relative's province was asked (no rr) still mean the giver's province; rr=same,
    rr=unknown and rs=unknown (不清楚) are read; nothing else new is accepted."""
    vocab = json.loads(form_vocab())
    queries = ["?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident",
               "?v=1&a=bind&r=110000&rel=parent&rs=resident&rr=130000",
               "?v=1&a=bind&r=110000&rel=parent&rs=unknown&rr=unknown",
               "?v=1&a=unbind&r=110000",
               "?v=1&a=bind&r=110000&rel=parent&rs=resident&rr=elsewhere"]
    proc = subprocess.run([shutil.which("node"), "--input-type=module", "-e", READ], cwd=ROOT, check=True,
                          capture_output=True, text=True, input=json.dumps({"vocab": vocab, "queries": queries}))
    old, other, unknown, no_relative, bad = json.loads(proc.stdout)
    assert old["values"]["rr"] == "same" and not old["problems"]
    assert other["values"]["rr"] == "130000"
    assert unknown["values"]["rr"] == "unknown" and unknown["values"]["rs"] == "unknown" and not unknown["problems"]
    assert "rr" not in no_relative["values"]
    assert "rr" not in bad["values"] and [key for key, _ in bad["problems"]] == ["rr"]
