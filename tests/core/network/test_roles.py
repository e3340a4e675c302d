"""Cross's roles by percentile within the group."""

from __future__ import annotations

import pytest

from core.network.roles import assign_roles, top_people


def _roles(
    n: int, *, use_betweenness: bool = True, **overrides: dict[str, object]
) -> dict[str, str]:
    """Roles for people p0..p{n-1} with neutral metrics, some overridden."""
    people = [f"p{i}" for i in range(n)]
    base: dict[str, dict[str, object]] = {
        "in_degree": dict.fromkeys(people, 2),
        "out_degree": dict.fromkeys(people, 2),
        "betweenness": dict.fromkeys(people, 1.0),
        "constraint": dict.fromkeys(people, 0.5),
        "ei_index": dict.fromkeys(people),
        "ei_expected": dict.fromkeys(people),
        "cross_ties": dict.fromkeys(people, 0),
        "partners": dict.fromkeys(people, 0),
        "responded": dict.fromkeys(people, True),
    }
    for key, values in overrides.items():
        base[key] = {**base[key], **values}
    return assign_roles(**base, use_betweenness=use_betweenness)  # type: ignore[arg-type]


def test_flat_network_gives_no_roles() -> None:
    assert set(_roles(20).values()) == {"none"}


def test_most_named_person_is_a_central_connector() -> None:
    roles = _roles(20, in_degree={"p0": 9})
    assert roles["p0"] == "central_connector"
    assert list(roles.values()).count("central_connector") == 1


def test_broker_needs_top_betweenness_and_low_constraint() -> None:
    roles = _roles(20, betweenness={"p0": 50.0, "p1": 40.0}, constraint={"p0": 0.1, "p1": 0.9})
    assert (roles["p0"], roles["p1"]) == ("broker", "none")


def test_no_brokers_when_betweenness_is_unreliable() -> None:
    roles = _roles(20, betweenness={"p0": 50.0}, constraint={"p0": 0.1}, use_betweenness=False)
    assert roles["p0"] == "none"


def test_boundary_spanner_by_ei_or_partners() -> None:
    roles = _roles(
        20,
        ei_index={"p0": 0.6, "p1": 0.6},
        ei_expected={"p0": 0.2, "p1": 0.8},
        cross_ties={"p0": 3, "p1": 3},
        partners={"p2": 4},
    )
    assert (roles["p0"], roles["p1"], roles["p2"]) == (
        "boundary_spanner",
        "none",
        "boundary_spanner",
    )


def test_isolate_and_peripheral_only_for_respondents() -> None:
    roles = _roles(
        10,
        in_degree={"p0": 0, "p1": 1, "p2": 0},
        out_degree={"p0": 0, "p1": 1, "p2": 0},
        responded={"p2": False},
    )
    assert (roles["p0"], roles["p1"], roles["p2"]) == ("isolate", "peripheral", "none")


def test_non_respondent_can_be_central_connector() -> None:
    roles = _roles(20, in_degree={"p0": 9}, out_degree={"p0": 0}, responded={"p0": False})
    assert roles["p0"] == "central_connector"


@pytest.mark.parametrize(
    ("values", "minimum", "expected"),
    [
        # Small group: top three, ties with third place included.
        ({"a": 5, "b": 4, "c": 3, "d": 3, "e": 1}, 0, {"a", "b", "c", "d"}),
        # 40 people: top decile = 4.
        ({f"p{i}": i for i in range(40)}, 0, {"p39", "p38", "p37", "p36"}),
        # Values under the minimum never count.
        ({"a": 1, "b": 0, "c": 0}, 2, set()),
        ({}, 0, set()),
    ],
)
def test_top_people(values: dict[str, float], minimum: float, expected: set[str]) -> None:
    assert top_people(values, minimum=minimum) == expected
