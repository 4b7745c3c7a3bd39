"""New-scenario skeletons (core/skeleton.py): one per curriculum moment, each valid from the first save."""

from __future__ import annotations

import pytest

from app import paths
from app.core.library import check_text, rule_context
from app.core.skeleton import MOMENTS, copy_of, moment, skeleton
from app.practice import Practice

SCHEMA = paths.schema_file().resolve().as_posix()


def test_there_is_one_skeleton_per_curriculum_moment() -> None:
    assert len(MOMENTS) == 15 and len({m.key for m in MOMENTS}) == 15
    assert moment("5") is moment("low-offer")
    with pytest.raises(KeyError, match="1-15"):
        moment("16")


@pytest.mark.parametrize("chosen", MOMENTS, ids=lambda m: m.key)
def test_every_skeleton_validates_without_a_problem(chosen) -> None:  # noqa: ANN001 - a Moment
    text = skeleton("my-new-one", chosen, SCHEMA)
    loaded, _ = check_text(text, "my-new-one.yaml", rule_context(Practice().scorer(), run_examples=True))
    assert [str(d) for d in loaded.diagnostics] == []
    assert loaded.scenario is not None and loaded.scenario.id == "my-new-one"
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA}"
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 4  # it explains itself


def test_a_copy_gets_the_new_id_and_a_schema_that_resolves_anywhere() -> None:
    source = (paths.builtin_scenarios() / "low-offer.yaml").read_text(encoding="utf-8")
    text = copy_of(source, "my-low-offer", SCHEMA)
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA}"
    assert "\nid: my-low-offer\n" in text and "../resources" not in text
    assert text.splitlines()[1:] == [
        line.replace("id: low-offer", "id: my-low-offer") if line == "id: low-offer" else line
        for line in source.splitlines()[1:]
    ]
    loaded, _ = check_text(text, "copy.yaml")
    assert loaded.ok
