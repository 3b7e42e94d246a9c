"""Properties checked on generated data (Hypothesis).

1. Random valid columns (the synthetic generator at random sizes and seeds, with
   random text in names, titles and bodies) always pass `check`, and build.
2. Random breaking mutations of valid files always give errors, with a position in
   the mutated file, and never a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pacesetter.contract import load
from pacesetter.contract.privacy import scan_text
from pacesetter.contract.fields import PLACEHOLDER
from pacesetter.contract.kinds import KINDS
from pacesetter.synth import main as synth

from .conftest import BASE

TEXT = st.text(alphabet=st.characters(whitelist_categories=("Lo", "Lu", "Ll", "Po", "Ps", "Pe", "Sm", "So"),
                                      blacklist_characters="\\"), min_size=1, max_size=40)
EXAMPLES = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}


def _synth(tmp: Path, orgs: int, seed: int) -> Path:
    out = tmp / f"synth-{orgs}-{seed}"
    if not out.exists():
        assert synth(["--orgs", str(orgs), "--seed", str(seed), "--out", str(out)]) == 0
    return out


def _retitle(data: Path, kind: str, field: str, text: str) -> Path:
    """Give the first file of ``kind`` a new value for ``field`` (a top-level text field)."""
    path = sorted((data / kind).glob("*.yaml"))[0]
    source = path.read_text(encoding="utf-8")
    line = f"{field}: {json.dumps(text, ensure_ascii=False)}"
    pattern = re.compile(rf"^{field}:.*$", re.M)
    path.write_text(pattern.sub(lambda _: line, source, count=1) if pattern.search(source) else source + line + "\n",
                    encoding="utf-8")
    return path


@settings(max_examples=100, **EXAMPLES)
@given(orgs=st.integers(3, 60), seed=st.integers(0, 10**6), name=TEXT, title=TEXT, body=TEXT)
def test_random_valid_columns_pass_check(tmp_path_factory, orgs, seed, name, title, body):
    assume(name.strip() and title.strip() and body.strip() and PLACEHOLDER not in name + title + body)
    assume(not scan_text(name + " " + title + " " + body))  # personal data is refused, rightly
    base = tmp_path_factory.mktemp("valid")
    data = shutil.copytree(_synth(tmp_path_factory.getbasetemp(), orgs, seed), base / "data")
    _retitle(data, "orgs", "name", name[:60].strip())
    _retitle(data, "news", "title", title[:60].strip())
    _retitle(data, "news", "body", body)
    column, report = load(data)
    assert report.ok, report.format()
    assert column is not None and len(column.orgs) == orgs


@settings(max_examples=5, **EXAMPLES)
@given(orgs=st.integers(3, 30), seed=st.integers(0, 10**6), name=TEXT)
def test_random_valid_columns_build(tmp_path_factory, orgs, seed, name):
    from .sitebuild import build_site, soup

    name = name[:60].strip()
    assume(name and PLACEHOLDER not in name and not scan_text(name))
    base = tmp_path_factory.mktemp("build")
    data = shutil.copytree(_synth(tmp_path_factory.getbasetemp(), orgs, seed), base / "data")
    org = _retitle(data, "orgs", "name", name).stem
    site = build_site(data, base / "site")
    assert soup(site, f"orgs/{org}").select_one("article h1").get_text() == name


# --- mutations --------------------------------------------------------------------------

FILES = sorted(p for p in BASE.rglob("*.yaml"))


def _top_level_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n")) if re.match(r"^[a-z_]+:", line)]


def mutate(text: str, how: str, where: int, junk: str) -> bytes:
    """A change that no valid file survives."""
    lines = text.split("\n")
    tops = _top_level_lines(text)
    at = tops[where % len(tops)]
    if how == "duplicate-key":
        lines.insert(at + 1, lines[at].split(":", 1)[0] + ": 重复")
    elif how == "unknown-field":
        lines.insert(at, f"zz_{len(junk)}_field: {json.dumps(junk, ensure_ascii=False)}")
    elif how == "tab-indent":
        lines[at] = "\t" + lines[at]
    elif how == "wrong-id":
        lines = [("id: other-" + str(where % 97)) if line.startswith("id:") else line for line in lines]
        if not any(line.startswith("id:") for line in text.split("\n")):
            lines.insert(0, "quarter: 1999Q9")
    elif how == "list-for-value":
        key = lines[at].split(":", 1)[0]
        lines[at] = f"{key}: {{a: [1, 2]}}" if key not in ("photos", "orgs", "tags", "highlights", "awards", "items",
                                                           "six_haves", "reviews", "ratings", "progress", "met") else f"{key}: 7"
    elif how == "second-document":
        lines += ["---", f"title: {json.dumps(junk, ensure_ascii=False)}"]
    elif how == "top-level-list":
        lines = ["- " + line if line else line for line in lines]
    elif how == "invalid-utf8":
        return "\n".join(lines[:at]).encode("utf-8") + b"\n\xff\xfe" + junk.encode("utf-8") + b"\n" + "\n".join(lines[at:]).encode("utf-8")
    elif how == "unclosed-quote":
        lines[at] = lines[at].split(":", 1)[0] + ': "' + junk.replace('"', "")
    return "\n".join(lines).encode("utf-8")


MUTATIONS = ["duplicate-key", "unknown-field", "tab-indent", "wrong-id", "list-for-value", "second-document",
             "top-level-list", "invalid-utf8", "unclosed-quote"]


@pytest.fixture(scope="module")
def mutable(tmp_path_factory):
    return tmp_path_factory.mktemp("mutations")


@settings(max_examples=500, **EXAMPLES)
@given(file=st.sampled_from(FILES), how=st.sampled_from(MUTATIONS), where=st.integers(0, 1000), junk=TEXT)
def test_breaking_mutations_always_give_errors_never_tracebacks(mutable, file, how, where, junk):
    rel = file.relative_to(BASE)
    if how == "wrong-id" and rel.parts[0] not in KINDS:
        how = "duplicate-key"  # column.yaml has no id
    data = mutable / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(BASE, data)
    (data / rel).write_bytes(mutate(file.read_text(encoding="utf-8"), how, where, junk))
    column, report = load(data)  # never raises
    assert column is None and not report.ok, (rel, how)
    line_count = (data / rel).read_bytes().count(b"\n") + 2
    for d in report.sorted():
        assert d.message and d.line >= 1 and d.col >= 1, d
    ours = [d for d in report.sorted() if d.file.endswith(rel.as_posix())]
    assert ours or how == "wrong-id", (rel, how, report.format())  # a wrong id may surface as a dangling reference
    assert all(d.line <= line_count for d in ours), report.format()
