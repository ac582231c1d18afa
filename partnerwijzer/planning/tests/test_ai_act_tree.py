"""The AI Act question tree, path by path: every route ends in an outcome, no cycles, no dead
ends, every node reachable, every key that is referenced exists, every result consistent."""

from __future__ import annotations

from collections import Counter

import pytest

from partnerwijzer.knowledge.topics.ai_act import AiActFile, load
from partnerwijzer.planning.compliance import ai_act


@pytest.fixture(scope="module")
def tree() -> AiActFile:
    return load()


@pytest.fixture(scope="module")
def paths(tree: AiActFile) -> list[dict[str, ai_act.AnswerValue]]:
    return list(ai_act.enumerate_paths(tree))


def test_every_path_ends_in_an_outcome_without_cycles(tree: AiActFile, paths: list[dict]) -> None:
    assert len(paths) > 1000  # the tree branches at every question; see docs/compliance.md
    outcomes: Counter[str] = Counter()
    for answers in paths:
        walk = ai_act.walk_tree(tree, answers)
        assert walk.complete, answers
        assert walk.next_node is None
        assert list(walk.path_keys) == list(answers), "the path uses exactly the answers given"
        assert len(set(walk.path_keys)) == len(walk.path_keys), "no node twice on one path"
        assert walk.outcome is not None
        outcomes[walk.outcome.key] += 1
    assert set(outcomes) == {o.key for o in tree.outcomes}, "every outcome is reached"


def test_every_node_and_option_is_reachable(tree: AiActFile, paths: list[dict]) -> None:
    used_nodes = {key for answers in paths for key in answers}
    assert used_nodes == set(tree.node_keys)
    used_options = {(key, o) for answers in paths for key, v in answers.items()
                    for o in ((v,) if isinstance(v, str) else v)}
    assert used_options == {(n.key, o.key) for n in tree.nodes for o in n.options}


def test_every_referenced_key_exists(tree: AiActFile) -> None:
    assert tree.problems() == []
    nodes, outcomes = set(tree.node_keys), {o.key for o in tree.outcomes}
    refs = {r.key for r in tree.refs}
    for node in tree.nodes:
        assert set(node.refs) <= refs
        if node.kind == "multiple":
            assert (node.next in nodes) if node.next else (node.outcome in outcomes)
        for option in node.options:
            if node.kind == "single":
                assert (option.next in nodes) if option.next else (option.outcome in outcomes)
            assert set(option.refs) <= refs
    for duty in tree.duties:
        assert set(duty.refs) <= refs
        assert duty.date is None or tree.date(duty.date)


def test_no_node_routes_back_to_an_earlier_question(tree: AiActFile) -> None:
    order = {key: i for i, key in enumerate(tree.node_keys)}
    for node in tree.nodes:
        targets = [node.next] + [option.next for option in node.options]
        for target in targets:
            if target:
                assert order[target] > order[node.key], (node.key, target)


def _signature(walk: ai_act.Walk) -> tuple:
    return (walk.outcome.key if walk.outcome else None, walk.flags,
            tuple(o.tier for o in walk.options if o.tier), tuple(r for o in walk.options for r in o.roles))


def test_every_path_gives_a_consistent_result(tree: AiActFile, paths: list[dict]) -> None:
    seen: set[tuple] = set()
    tiers: Counter[str] = Counter()
    for answers in paths:
        walk = ai_act.walk_tree(tree, answers)
        signature = _signature(walk)
        if signature in seen:  # results depend only on the facts; check each combination once
            continue
        seen.add(signature)
        result = ai_act.assess(tree, walk)
        assert result is not None
        tiers[result.tier] += 1
        duty_keys = {d.key for d in result.duties}
        if result.tier == "out_of_scope":
            assert not result.duties
        elif result.tier == "prohibited":
            assert duty_keys & {"stop_prohibited", "stop_prohibited_new"}
            assert "ai_literacy" not in duty_keys
        else:
            assert result.roles, answers
            assert "ai_literacy" in duty_keys, "Art 4 literacy applies to everyone in scope"
        if result.tier != "high_risk":
            assert not any(k.startswith(("provider_risk", "deployer_use_per")) for k in duty_keys)
        if result.tier == "high_risk":
            role_duty = "provider_risk_management" if "provider" in result.roles else "deployer_use_per_instructions"
            assert role_duty in duty_keys
        for item in result.duties:
            assert not item.duty.roles or set(item.roles) <= set(result.roles)
            if item.date is not None and item.date.amended is not None:
                assert item.date.amended > item.date.original
    assert set(tiers) == {"prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope"}


def test_an_incomplete_walk_computes_no_tier(tree: AiActFile) -> None:
    walk = ai_act.walk_tree(tree, {"ai_system": "yes", "scope_exclusions": "none", "role": "buy_use"})
    assert not walk.complete
    assert walk.next_node is not None
    assert walk.next_node.key == "role_changes"
    assert ai_act.assess(tree, walk) is None


def test_answers_off_the_path_are_ignored(tree: AiActFile) -> None:
    walk = ai_act.walk_tree(tree, {"ai_system": "no", "role": "build_use", "prohibited": "social_scoring"})
    assert walk.path_keys == ("ai_system",)
    result = ai_act.assess(tree, walk)
    assert result is not None
    assert result.tier == "out_of_scope"


def test_a_removed_option_stops_the_walk_at_that_question(tree: AiActFile) -> None:
    walk = ai_act.walk_tree(tree, {"ai_system": "maybe"})
    assert walk.next_node is not None
    assert walk.next_node.key == "ai_system"
    assert walk.invalid == ("ai_system",)


@pytest.mark.parametrize(
    ("node", "value", "code"),
    [
        ("nonexistent", "yes", "unknown_question"),
        ("ai_system", "perhaps", "unknown_option"),
        ("ai_system", ["yes"], "invalid_value"),
        ("prohibited", "none", "not_on_path"),
        ("transparency", ["none", "interacts"], "not_on_path"),
    ],
)
def test_bad_answers_are_refused(tree: AiActFile, node: str, value: object, code: str) -> None:
    with pytest.raises(ai_act.AnswerError) as exc:
        ai_act.check_answer(tree, {}, node, value)
    assert exc.value.code == code


def test_exclusive_option_cannot_be_combined(tree: AiActFile) -> None:
    with pytest.raises(ai_act.AnswerError) as exc:
        ai_act.normalise_answer(tree.node("transparency"), ["none", "interacts"])
    assert exc.value.code == "invalid_value"
    assert ai_act.normalise_answer(tree.node("transparency"), ["interacts", "generates", "interacts"]) == (
        "generates", "interacts")


def test_an_answer_set_must_follow_its_own_path(tree: AiActFile) -> None:
    with pytest.raises(ai_act.AnswerError) as exc:
        ai_act.check_answer_set(tree, {"ai_system": "no", "role": "build_use"})
    assert (exc.value.code, exc.value.node) == ("not_on_path", "role")
