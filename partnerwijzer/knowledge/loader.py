"""Load, validate and cache the reference data in ``data/*.yaml``.

``load_reference()`` reads every file, validates it against :mod:`.schema` and then checks what
only the whole set can show (unknown sources, duplicate keys, missing criteria, shares that do
not add up). It collects every problem before raising, so an author fixes a file in one pass;
each problem names the file and the path inside it, e.g.
``criteria.yaml: items[2].rubric.3.de: missing``.

The app uses the cached ``reference()``; ``KnowledgeConfig.ready()`` calls it so that a broken
file stops start-up instead of a page.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import overrides
from .schema import (
    FILE_MODELS,
    CriteriaFile,
    Criterion,
    DataFile,
    DepartmentBudgetFile,
    DepartmentShare,
    Figure,
    ImplementationModel,
    ImplementationModelsFile,
    ProviderType,
    ProviderTypesFile,
    ReferenceData,
    Source,
    SourcesFile,
    SourcingChannel,
    SourcingChannelsFile,
    iter_figures,
)

DATA_DIR: Final = Path(__file__).resolve().parent / "data"

SELECTION_CRITERIA_COUNT: Final = 7
"""The guide names seven selection criteria; price is an eighth entry kept apart."""

SHARE_TOLERANCE: Final = 0.5
"""Percentage points a set of shares may miss 100 by; the guide rounds to whole percents."""

# Files whose items split one whole (market, budget) and must add up to 100 %.
_SHARES_OF_A_WHOLE: Final = ("provider_types.yaml", "department_budget.yaml")


class ReferenceDataError(Exception):
    """The data files are invalid. ``problems`` lists each one as ``"file: path: message"``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(
            f"Reference data in partnerwijzer/knowledge/data is invalid "
            f"({count} problem{'s' if count != 1 else ''}):\n{lines}"
        )


# libyaml's C loader when PyYAML was built with it (several times faster at start-up).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe YAML loader, refusing a key given twice in one mapping.

    Plain YAML keeps the last of two ``de:`` lines without a word; here that is an error,
    because the first text would silently vanish.
    """


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    seen: set[Hashable] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{name}: file not found in {path.parent}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{name}: cannot read file ({exc})")
        return None
    try:
        # _StrictLoader only adds a check to SafeLoader: no arbitrary objects are built.
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{name}: invalid YAML{where}: {problem}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}: the file must be a mapping with 'version' and 'items'")
        return None
    return data


def _format_loc(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _format_error(error: ErrorDetails) -> str:
    kind = error["type"]
    last = error["loc"][-1] if error["loc"] else None
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unexpected field (not part of the schema; check the spelling)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch" and last == "key":
        return f"must be a lower-case key such as industry_expertise, got {error['input']!r}"
    if kind == "string_pattern_mismatch" and last == "version":
        return f"must look like 2026-11-27.1 (date and counter), got {error['input']!r}"
    message = error["msg"]
    return message.removeprefix("Value error, ")


def _duplicate_keys(name: str, raw: dict[str, Any], problems: list[str]) -> None:
    items = raw.get("items")
    if not isinstance(items, list):
        return
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str):
            continue
        if key in first_seen:
            problems.append(
                f"{name}: items[{index}].key: duplicate key {key!r} (first used at items[{first_seen[key]}])"
            )
        else:
            first_seen[key] = index


def _source_keys(raw: Any) -> set[str]:
    """Keys of sources.yaml, read from the raw file so a typo there still lets us check the rest."""
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        return set()
    return {item["key"] for item in raw["items"] if isinstance(item, dict) and isinstance(item.get("key"), str)}


def _check_sources(name: str, parsed: BaseModel, sources: set[str], problems: list[str]) -> None:
    for path, figure in iter_figures(parsed, ""):
        if figure.source not in sources:
            known = ", ".join(sorted(sources)) or "none"
            problems.append(f"{name}: {path}.source: unknown source {figure.source!r} (sources.yaml has: {known})")


def _check_criteria(criteria: CriteriaFile, problems: list[str]) -> None:
    selection = [c for c in criteria.items if not c.is_price]
    price = [c for c in criteria.items if c.is_price]
    if len(selection) != SELECTION_CRITERIA_COUNT:
        problems.append(
            f"criteria.yaml: items: expected {SELECTION_CRITERIA_COUNT} selection criteria "
            f"(is_price: false), found {len(selection)}"
        )
    if len(price) != 1:
        problems.append(f"criteria.yaml: items: expected exactly one price entry (is_price: true), found {len(price)}")


def _share_problem(name: str, index: int, share: Figure) -> str | None:
    if share.unit != "percent":
        return f"{name}: items[{index}].share.unit: a share must be in percent, got {share.unit!r}"
    if share.value is None:
        return f"{name}: items[{index}].share: a share must be a single value, not a range"
    return None


def _check_shares(
    name: str,
    items: Sequence[ProviderType | DepartmentShare | ImplementationModel],
    *,
    whole: bool,
    problems: list[str],
) -> None:
    total = 0.0
    ok = True
    for index, item in enumerate(items):
        problem = _share_problem(name, index, item.share)
        if problem:
            problems.append(problem)
            ok = False
        else:
            total += item.share.value or 0.0
    if whole and ok and abs(total - 100) > SHARE_TOLERANCE:
        problems.append(f"{name}: items[*].share: shares add up to {total:g}%, expected 100% (±{SHARE_TOLERANCE:g})")


def _parsed[M: DataFile](parsed: dict[str, DataFile], name: str, model: type[M]) -> M:
    file = parsed[name]
    if not isinstance(file, model):  # pragma: no cover - FILE_MODELS maps each name to its model
        raise TypeError(f"{name} was parsed as {type(file).__name__}, not {model.__name__}")
    return file


def load_reference(data_dir: Path | None = None) -> ReferenceData:
    """Read and validate all data files in ``data_dir`` (default: the package's ``data/``).

    Raises :class:`ReferenceDataError` listing every problem found.
    """
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    problems: list[str] = []
    raw_files: dict[str, Any] = {}
    parsed: dict[str, DataFile] = {}

    for name, model in FILE_MODELS.items():
        raw = _read_yaml(directory / name, problems)
        if raw is None:
            continue
        raw_files[name] = raw
        _duplicate_keys(name, raw, problems)
        try:
            parsed[name] = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(f"{name}: {_format_loc(e['loc'])}: {_format_error(e)}" for e in exc.errors())

    source_keys = _source_keys(raw_files.get("sources.yaml"))
    for name, model_instance in parsed.items():
        _check_sources(name, model_instance, source_keys, problems)

    criteria = parsed.get("criteria.yaml")
    if isinstance(criteria, CriteriaFile):
        _check_criteria(criteria, problems)
    for name in ("implementation_models.yaml", *_SHARES_OF_A_WHOLE):
        file = parsed.get(name)
        if isinstance(file, ImplementationModelsFile | ProviderTypesFile | DepartmentBudgetFile):
            _check_shares(name, file.items, whole=name in _SHARES_OF_A_WHOLE, problems=problems)

    if problems:
        raise ReferenceDataError(problems)

    criteria = _parsed(parsed, "criteria.yaml", CriteriaFile)
    models = _parsed(parsed, "implementation_models.yaml", ImplementationModelsFile)
    return ReferenceData(
        versions={name: file.version for name, file in parsed.items()},
        sources=_parsed(parsed, "sources.yaml", SourcesFile).items,
        criteria=criteria.items,
        implementation_models=models.items,
        typical_path=models.typical_path,
        implementation_models_note=models.note,
        provider_types=_parsed(parsed, "provider_types.yaml", ProviderTypesFile).items,
        sourcing_channels=_parsed(parsed, "sourcing_channels.yaml", SourcingChannelsFile).items,
        department_budget=_parsed(parsed, "department_budget.yaml", DepartmentBudgetFile).items,
    )


def load_topic_file[T: BaseModel](name: str, model: type[T], data_dir: Path | None = None) -> T:
    """Read and validate one further data file (a *topic* such as ``ai_act.yaml``).

    The same rules as the core files: strict YAML, the pydantic ``model`` (use the schema's
    ``LocalisedText`` and ``Figure``), unique item keys and known sources for every figure.
    Topic modules in ``partnerwijzer/knowledge/topics/`` call this from their ``load()``.
    Raises :class:`ReferenceDataError` listing every problem found.
    """
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    problems: list[str] = []
    raw = _read_yaml(directory / name, problems)
    parsed: T | None = None
    if raw is not None:
        _duplicate_keys(name, raw, problems)
        try:
            parsed = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(f"{name}: {_format_loc(e['loc'])}: {_format_error(e)}" for e in exc.errors())
    if parsed is not None:
        sources = _source_keys(_read_yaml(directory / "sources.yaml", problems))
        _check_sources(name, parsed, sources, problems)
    if problems or parsed is None:
        raise ReferenceDataError(problems)
    return parsed


@functools.cache
def reference_guide() -> ReferenceData:
    """The package's reference data as the files hold it, validated once per process and then
    shared (immutable)."""
    return load_reference()


FIGURE_FILES: Final = ("criteria", "implementation_models", "provider_types", "sourcing_channels",
                       "department_budget")
"""The parts of the set whose figures (the guide's statements) an organisation may replace; each
is named after its data file, so keys read ``criteria.price.figures.0``."""


def reference_figures(data: ReferenceData) -> dict[str, Figure]:
    """Every figure of the set an organisation may replace, by a stable key."""
    return {key: fig for part in FIGURE_FILES for key, fig in overrides.figures_in(getattr(data, part), part)}


def reference_with_own_values(data: ReferenceData, values: Mapping[str, overrides.OwnValue]) -> ReferenceData:
    return data.model_copy(update={part: overrides.replace_figures(getattr(data, part), part, values)
                                   for part in FIGURE_FILES})


def reference() -> ReferenceData:
    """The reference data every page, calculation and API answer uses: the files' content with the
    active organisation's own values for the guide's figures (:mod:`partnerwijzer.knowledge.overrides`);
    outside a request, or without own values, exactly :func:`reference_guide`."""
    return overrides.applied("reference", reference_guide(), reference_with_own_values)


# Shortcuts for the app; each raises KeyError for an unknown key.


def source(key: str) -> Source:
    return reference().source(key)


def criterion(key: str) -> Criterion:
    return reference().criterion(key)


def implementation_model(key: str) -> ImplementationModel:
    return reference().implementation_model(key)


def provider_type(key: str) -> ProviderType:
    return reference().provider_type(key)


def sourcing_channel(key: str) -> SourcingChannel:
    return reference().sourcing_channel(key)


def department(key: str) -> DepartmentShare:
    return reference().department(key)
