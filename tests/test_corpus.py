"""Broken data in bounded time and memory: each file of the corpus gives a clear error, never a traceback.

The whole corpus goes through the real `pacesetter check` in one process limited to
1 GiB of address space and 60 seconds, so an alias bomb or a 20 MB file cannot hang
CI or exhaust the machine. Then every top-level field of every kind receives every
kind of YAML value.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys

import pytest

from pacesetter.contract import load
from pacesetter.contract.kinds import KINDS

from .conftest import BASE, CASES, build_case

LIMIT_BYTES = 1 << 30

# file name → (content, what the message must say). Each goes into data/news/ of a valid column.
CORPUS: dict[str, tuple[bytes, str]] = {
    "alias-bomb": (b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode() for i in range(9)), "别名"),
    "deep-flow": (b"id: deep-flow\nbody: " + b"[" * 1000 + b"]" * 1000 + b"\n", "嵌套层数"),
    "deep-block": (b"id: deep-block\n" + b"".join(b"  " * i + b"k:\n" for i in range(200)) + b"  " * 200 + b"v: 1\n", "嵌套层数"),
    "big": (b"id: big\nbody: |\n" + (b"  " + b"y" * 100 + b"\n") * 210_000, "文件过大"),  # 21 MB
    "not-utf8": (b"id: not-utf8\ntitle: \xd6\xd0\xce\xc4\n", "UTF-8"),
    "duplicate-key": (b"id: duplicate-key\ntitle: a\ntitle: b\n", "重复出现"),
    "tab": (b"id: tab\n\ttitle: a\n", "制表符"),
    "list-at-top": (b"- id: list-at-top\n- title: a\n", "顶层应是"),
    "list-for-mapping": (b"id: list-for-mapping\ntitle: a\ndate: 2022-05-01\nkind: [\xe5\x85\xb6\xe4\xbb\x96]\norgs: sw-a\n", "kind"),
    "custom-tag": (b"id: custom-tag\ntitle: !!python/object:os.system a\n", "标签"),
    "two-documents": (b"id: two-documents\n---\nid: again\n", "一个 YAML 文档"),
    "empty": (b"# nothing here\n", "没有内容"),
    "unclosed-quote": (b"id: unclosed-quote\ntitle: \"a\nbody: b\n", "引号"),
    "control-char": (b"id: control-char\ntitle: a\x07b\n", "控制字符"),
}


@pytest.fixture(scope="module")
def corpus_result(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    data = build_case(CASES / "_base", base)
    for name, (content, _) in CORPUS.items():
        (data / "news" / f"{name}.yaml").write_bytes(content)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    result = subprocess.run([sys.executable, "-m", "pacesetter.cli", "check", "--data", str(data)], cwd=base,
                            capture_output=True, text=True, timeout=60, preexec_fn=limit)
    return result


def test_the_whole_corpus_is_checked_in_one_bounded_run(corpus_result):
    assert corpus_result.returncode == 1, corpus_result.stderr
    assert "Traceback" not in corpus_result.stdout + corpus_result.stderr
    assert "MemoryError" not in corpus_result.stderr


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_broken_file_gets_a_clear_error(corpus_result, name):
    expected = CORPUS[name][1]
    lines = [line for line in corpus_result.stdout.splitlines() if line.startswith(f"data/news/{name}.yaml:")]
    assert lines, corpus_result.stdout
    assert all(re.match(rf"data/news/{name}\.yaml:\d+:\d+: 错误: ", line) for line in lines)
    assert any(expected in line for line in lines), lines


def test_a_byte_order_mark_alone_is_fine(base_data):
    path = base_data / "news/kickoff.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load(base_data)[1].ok


VALUES = {
    "integer": "12", "float": "1.5", "boolean": "true", "null": "null", "date": "2022-05-01",
    "text": "一段文字", "list": "[一, 二]", "mapping": "{a: 1}", "empty-text": '""', "huge-number": "1" * 400,
}


def _kind_files():
    for kind in KINDS.values():
        files = sorted((BASE / kind.key).glob("*.yaml"))
        if files:
            yield kind, files[0]


@pytest.mark.parametrize("kind_file", list(_kind_files()), ids=lambda kf: kf[0].key)
def test_every_value_type_in_every_field_is_an_error_or_fine_never_a_crash(kind_file, tmp_path, monkeypatch):
    kind, source = kind_file
    monkeypatch.chdir(tmp_path)
    data = build_case(CASES / "_base", tmp_path)
    target = data / kind.key / source.name
    original = target.read_text(encoding="utf-8")
    tried = 0
    for field in kind.record.fields:
        pattern = re.compile(rf"^{re.escape(field.name)}:.*(\n[ -].*)*", re.M)
        for value in VALUES.values():
            line = f"{field.name}: {value}"
            target.write_text(pattern.sub(line, original, count=1) if pattern.search(original) else original + line + "\n",
                              encoding="utf-8")
            _, report = load(data)  # raises nothing, whatever the value
            for d in report.sorted():
                assert d.line >= 1 and d.col >= 1 and d.message, d
            tried += 1
    assert tried == len(kind.record.fields) * len(VALUES)
