"""Every command is documented in the editors' guide, and every plugin option in the maintainers' documents."""

from __future__ import annotations

from pacesetter.cli import _parser
from pacesetter.site.config import PacesetterConfig

from .conftest import ROOT


def _maintainers() -> str:
    """The README and the documents it points to (docs/)."""
    return "".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_the_readme_is_what_a_newcomer_needs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/serve" in readme and "scripts/test" in readme and len(readme) < 4000
    for document in ("docs/operators.md", "docs/developers.md", "content/guide/index.md", "content/about.md"):
        assert document in readme and (ROOT / document).is_file()


def _commands() -> list[str]:
    parser = _parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    return sorted(subparsers.choices)


def test_every_command_is_in_the_guide():
    guide = (ROOT / "content/guide/index.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"`pacesetter {c}`" not in guide]
    assert missing == []


def test_every_option_of_every_command_is_in_the_guide_or_readme():
    text = (ROOT / "content/guide/index.md").read_text(encoding="utf-8") + _maintainers()
    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    missing = [f"{name} {option}" for name, sub in subparsers.choices.items() for action in sub._actions
               for option in action.option_strings if option.startswith("--") and option != "--help" and option not in text]
    assert missing == []


def test_every_plugin_option_is_in_the_readme():
    readme = _maintainers()
    options = [name for name, _ in PacesetterConfig._schema]
    assert [o for o in options if f"`{o}`" not in readme] == []
