"""Rubrics: dimensions (confidence, respect, value) scored by criteria that each use one detector."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from .diagnostics import Diagnostic, did_you_mean
from .fields import Slug, Strict, Text, names_in
from .model_validation import load_and_validate, validate_text
from .yamlsource import Document, YamlPath

Points = Annotated[float, Field(ge=0, le=100)]
Stage = Literal["opening", "middle", "closing"]
TIP_PLACEHOLDERS = ("found", "example.ask", "example.low", "example.high")
STAGES: tuple[Stage, ...] = ("opening", "middle", "closing")


class Criterion(Strict):
    """One thing an answer does or avoids, worth points on one dimension."""

    id: Slug
    dimension: Slug
    label: Text = Field(description="What the student sees, e.g. 'Thanks the recruiter'.")
    ask: Text | None = Field(
        None,
        description="The yes/no question a classmate playing the recruiter ticks, e.g. 'Thanked you?'. Criteria "
        "with the same question share one checkbox; yes = the reward earned, or the penalty triggered.",
    )
    detector: Slug = Field(description="A lexicon id, or a built-in detector (see docs/scoring.md).")
    effect: Literal["reward", "penalty"] = Field(
        description="reward: points when found; penalty: points lost each time."
    )
    points: Points | Literal["learned"] = Field(
        description='Points when found (a penalty: per hit), or "learned": the weight its dimension\'s model '
        "learned from people's ratings."
    )
    max_hits: Annotated[int, Field(ge=1, le=20)] = Field(1, description="Penalties: how many hits count.")
    only_if: Slug | None = Field(None, description="Applies only when this detector also fired.")
    unless: Slug | None = Field(None, description="Does not apply when this detector fired.")
    tip: Text = Field(description="What to try instead: shown when a reward is missed or a penalty triggered.")
    praise: Text | None = Field(None, description="Shown when a reward is earned.")
    suggest_in: list[Stage] = Field(
        list(STAGES),
        description="Where in the call a missed reward's tip is worth suggesting: opening (the first turn), middle, "
        "closing (a turn whose every route ends the call). Penalties are always explained.",
    )


class Dimension(Strict):
    label: Text
    description: Text = ""
    base: Points = Field(60, description="The starting score before any criterion adds or takes points.")
    weight: Annotated[float, Field(ge=0, le=10)] = 1.0
    model: Slug | None = Field(
        None,
        description='Learned weights (resources/models/<model>.yaml): the base and every "learned" criterion\'s '
        "points come from them.",
    )
    cancelled_by: list[Slug] = Field(
        [],
        description="Detectors that cancel this dimension's rewards when they fire: thanks don't soften an ultimatum.",
    )


class GoodwillMove(Strict):
    """Something an answer does that changes how the recruiter feels about the student."""

    detector: Slug
    change: Annotated[int, Field(ge=-50, le=50)]
    label: Text = Field(description='How the debrief names it, e.g. "thanked them" or "gave an ultimatum".')


class Goodwill(Strict):
    """The recruiter's goodwill: 0-100, moved by each answer's respect score and by specific moves."""

    start: Annotated[int, Field(ge=0, le=100)] = 60
    respect_dimension: Slug = "respect"
    per_respect_point: Annotated[float, Field(ge=0, le=5)] = Field(
        0.2, description="Goodwill gained (or lost) per point the respect score sits above (or below) 50."
    )
    moves: list[GoodwillMove] = []


class Rubric(Strict):
    id: Slug
    title: Text
    description: Text = ""
    dimensions: Annotated[dict[str, Dimension], Field(min_length=1)]
    criteria: list[Criterion] = []
    goodwill: Goodwill = Goodwill()


def check_criteria(
    criteria: Iterable[tuple[YamlPath, Criterion]], dimensions: Iterable[str], detectors: Iterable[str], doc: Document
) -> list[Diagnostic]:
    """Dimension and detector names that don't exist, with did-you-mean."""
    dimensions, detectors = tuple(dimensions), tuple(sorted(detectors))
    problems = []
    for path, criterion in criteria:
        for key in ("tip", "praise"):
            for name in names_in(getattr(criterion, key) or ""):
                if name not in TIP_PLACEHOLDERS:
                    problems.append(
                        doc.diagnostic(
                            path + (key,),
                            f"unknown placeholder {{{name}}} in a {key}{did_you_mean(name, TIP_PLACEHOLDERS)} — "
                            f"tips may use {', '.join('{' + p + '}' for p in TIP_PLACEHOLDERS)}; write {{{{ and }}}} "
                            "for literal braces",
                        )
                    )
        if criterion.dimension not in dimensions:
            problems.append(
                doc.diagnostic(
                    path + ("dimension",),
                    f'unknown dimension "{criterion.dimension}"'
                    f"{did_you_mean(criterion.dimension, dimensions)} — use one of: "
                    f"{', '.join(dimensions)}",
                )
            )
        for key in ("detector", "only_if", "unless"):
            name = getattr(criterion, key)
            if name is not None and name not in detectors:
                problems.append(
                    doc.diagnostic(
                        path + (key,),
                        f'unknown detector "{name}"'
                        f"{did_you_mean(name, detectors)} — detectors are the lexicon ids "
                        "and the built-in ones listed in docs/scoring.md",
                    )
                )
    return problems


def load_rubrics(folders: Iterable[Path], detectors: Iterable[str]) -> tuple[dict[str, Rubric], list[Diagnostic]]:
    """Rubrics by id; a later folder's rubric replaces an earlier one with the same id."""
    rubrics: dict[str, Rubric] = {}
    diagnostics: list[Diagnostic] = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.yaml")):
            rubric, found = load_rubric(path, detectors)
            diagnostics += found
            if rubric is not None:
                rubrics[rubric.id] = rubric
    return rubrics, diagnostics


def load_rubric(path: Path, detectors: Iterable[str]) -> tuple[Rubric | None, list[Diagnostic]]:
    rubric, diagnostics, _doc = load_and_validate(path, Rubric, _checks(Path(path).stem, detectors), what="rubric file")
    return rubric, diagnostics


def rubric_from_text(
    text: str, name: str | Path, detectors: Iterable[str], models: Collection[str] | None = None
) -> tuple[Rubric | None, list[Diagnostic]]:
    """A rubric being edited, checked exactly as `load_rubric` checks its file (`name` is that file's path, shown in
    the diagnostics; the id must match its stem). With `models` (the learned weights there are), a dimension's
    `model:` must name one of them too. The rubric is None when it has errors."""
    check = _checks(Path(name).stem, detectors, models)
    rubric, diagnostics, _doc = validate_text(text, str(name), Rubric, check, what="rubric file")
    return rubric, diagnostics


def _checks(
    stem: str, detectors: Iterable[str], models: Collection[str] | None = None
) -> Callable[[Rubric, Document], list[Diagnostic]]:
    """What a rubric file must satisfy beyond its shape: known dimensions, detectors and models, and an id that is
    its file's name (`stem`)."""
    detectors = tuple(detectors)

    def check(rubric: Rubric, doc: Document) -> list[Diagnostic]:
        found = check_criteria(
            ((("criteria", i), c) for i, c in enumerate(rubric.criteria)), rubric.dimensions, detectors, doc
        )
        for i, criterion in enumerate(rubric.criteria):
            dimension = rubric.dimensions.get(criterion.dimension)
            if criterion.points == "learned" and dimension is not None and dimension.model is None:
                found.append(
                    doc.diagnostic(
                        ("criteria", i, "points"),
                        f'"learned" points need a model on the {criterion.dimension} dimension — add '
                        f"`model: <name>` there, or give this criterion a number of points",
                    )
                )
        for dim_id, dimension in rubric.dimensions.items():
            for i, name in enumerate(dimension.cancelled_by):
                if name not in detectors:
                    found.append(
                        doc.diagnostic(
                            ("dimensions", dim_id, "cancelled_by", i),
                            f'unknown detector "{name}"{did_you_mean(name, detectors)} — use a lexicon id or one '
                            "of the detectors in docs/scoring.md",
                        )
                    )
        for i, move in enumerate(rubric.goodwill.moves):
            if move.detector not in detectors:
                found.append(
                    doc.diagnostic(
                        ("goodwill", "moves", i, "detector"),
                        f'unknown detector "{move.detector}"{did_you_mean(move.detector, detectors)} — use a '
                        "lexicon id or one of the detectors in docs/scoring.md",
                    )
                )
        if models is not None:
            found += [
                doc.diagnostic(
                    ("dimensions", dim_id, "model"),
                    f'no learned weights "{dimension.model}"{did_you_mean(dimension.model, models)} — use one of: '
                    f"{', '.join(sorted(models)) or 'none are installed'}, or remove `model:`",
                )
                for dim_id, dimension in rubric.dimensions.items()
                if dimension.model is not None and dimension.model not in models
            ]
        if rubric.id != stem:
            found.append(
                doc.diagnostic(
                    ("id",),
                    f'the rubric id "{rubric.id}" differs from its file name '
                    f'"{stem}" — scenarios find rubrics by file name; '
                    "make them the same",
                )
            )
        return found

    return check
