"""Change a few keys of organizations' files and keep everything else as the editor wrote it.

``pacesetter import classes`` sets a year's grade and the step dates of many branches at once.
The files are edited with ruamel.yaml's round trip, which keeps comments, key order and the
other keys' style; only the keys the sheet holds are rewritten.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..entities import STANDARDIZATION_STEPS


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold an editor's long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_year(text: str, year: int, grade: str | None, steps: dict) -> str:
    """``text`` (an organization's file) with ``year``'s grade and the five steps' dates set as given.

    A step not in ``steps`` is removed; a withdrawal (withdrawn, withdrawn_reason) is kept.
    """
    yaml = _yaml()
    doc = yaml.load(text)
    classes = doc.get("classification")
    if grade:
        if classes is None:
            classes = CommentedMap()
            classes.fa.set_flow_style()
            doc["classification"] = classes
        classes[year] = grade
    elif classes is not None and year in classes:
        del classes[year]
        if not classes:
            del doc["classification"]
    current = doc.get("standardization")
    if steps and current is None:
        current = CommentedMap()
        doc["standardization"] = current
    if current is not None:
        for key in STANDARDIZATION_STEPS:
            if key in steps:
                current[key] = steps[key]
            elif key in current:
                del current[key]
        if not current:
            del doc["standardization"]
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()
