"""Finding rules: each fires on a network built to show it and not on one built not to;
response-rate gates; texts in both languages for every kind and every template."""

from __future__ import annotations

import string
from collections.abc import Callable

import pytest

from core.insights import (
    ASSESSMENT_KINDS,
    FINDING_KINDS,
    LANGUAGES,
    MAX_PAIRINGS,
    Finding,
    describe_finding,
    finding_texts,
)
from core.network.analysis import NetworkAnalysis, analyse
from core.network.graph import ExpertiseClaim, PartnerLink, Person, Tie


def _both_ways(pairs: list[str], relation: str = "information") -> list[Tie]:
    """Ties "ab" -> a <-> b."""
    return [Tie(p[0], p[1], relation) for p in pairs] + [Tie(p[1], p[0], relation) for p in pairs]


def _complete(ids: str, relation: str = "information") -> list[Tie]:
    return [Tie(x, y, relation) for x in ids for y in ids if x != y]


# --- networks built to show (or not show) each finding ---------------------------------


def star(*, silent: int = 0) -> NetworkAnalysis:
    """Hub h; leaves 1..9 name h, h names 1. The last ``silent`` leaves did not answer.

    1 <-> h <- 2, 3, ... 9
    """
    leaves = [str(i) for i in range(1, 10)]
    answered = leaves[: len(leaves) - silent]
    people = [Person("h", "H")] + [Person(x, x, responded=x in answered) for x in leaves]
    ties = [Tie(x, "h") for x in answered] + [Tie("h", "1")]
    return analyse(people, ties, group_by=None)


def reciprocal_star() -> NetworkAnalysis:
    """Hub with five leaves, all ties both ways: every path between leaves passes h."""
    people = [Person(x, x) for x in "habcde"]
    return analyse(people, _both_ways([f"h{x}" for x in "abcde"]), group_by=None)


def barbell(*, silent: str = "") -> NetworkAnalysis:
    """Hubs g and h tied both ways; six leaves each. Leaves name their hub; with nobody
    silent, hubs name their leaves too. ``silent`` leaves did not answer.

        a0..a5 <-> g <-> h <-> b0..b5
    """
    leaves = [f"{side}{i}" for side in "ab" for i in range(6)]
    people = [Person("g", "G"), Person("h", "H")]
    people += [Person(x, x, responded=x not in silent.split()) for x in leaves]
    ties = [Tie("g", "h"), Tie("h", "g")]
    ties += [Tie(x, "g" if x[0] == "a" else "h") for x in leaves if x not in silent.split()]
    if not silent:
        ties += [Tie("g" if x[0] == "a" else "h", x) for x in leaves]
    return analyse(people, ties, group_by=None)


def ring() -> NetworkAnalysis:
    """Eight people in a ring, ties both ways: paths spread evenly."""
    ids = "abcdefgh"
    people = [Person(x, x) for x in ids]
    return analyse(people, _both_ways([ids[i] + ids[(i + 1) % 8] for i in range(8)]), group_by=None)


def bridged_units(*, silent: str = "") -> NetworkAnalysis:
    """Triangles X = {a, b, c} and Y = {d, e, f} linked only through m (unit Z).

    a - b      d - e
     \\ /  c - m - d \\ /
      c            f      (all ties both ways)
    """
    unit = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Y", "m": "Z"}
    people = [Person(p, p, department=u, responded=p not in silent) for p, u in unit.items()]
    ties = list(_both_ways(["ab", "bc", "ca", "de", "ef", "fd", "cm", "md"]))
    ties = [t for t in ties if t.source not in silent]
    return analyse(people, ties)


def bridges_in_series() -> NetworkAnalysis:
    """Triangles X and Y joined through m (unit Z) and n (unit W): c - m - n - d."""
    unit = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Y", "m": "Z", "n": "W"}
    people = [Person(p, p, department=u) for p, u in unit.items()]
    return analyse(people, _both_ways(["ab", "bc", "ca", "de", "ef", "fd", "cm", "mn", "nd"]))


def two_cliques_one_bridge() -> NetworkAnalysis:
    """Cliques {a..e} and {f..j} joined only via m; no departments given."""
    people = [Person(x, x) for x in "abcdefghijm"]
    ties = _complete("abcde") + _complete("fghij") + _both_ways(["am", "mf"])
    return analyse(people, ties, group_by=None)


def dense_team() -> NetworkAnalysis:
    """Eight people, everyone names everyone, two departments, advisers across units."""
    people = [Person(x, x, department="X" if x in "abcd" else "Y") for x in "abcdefgh"]
    advice = [Tie(x, y, "advice") for x in "abcd" for y in "efg"]
    advice += [Tie(x, y, "advice") for x in "efgh" for y in "abc"]
    return analyse(people, _complete("abcdefgh") + advice)


def loner() -> NetworkAnalysis:
    """Dense team plus i, who answered and named nobody, and j, named by one only."""
    people = [Person(x, x) for x in "abcdefghij"]
    return analyse(people, [*_complete("abcdefgh"), Tie("j", "a")], group_by=None)


def quiet_non_respondent() -> NetworkAnalysis:
    """Dense team plus j, who did not answer and whom nobody named."""
    people = [Person(x, x) for x in "abcdefgh"] + [Person("j", "j", responded=False)]
    return analyse(people, _complete("abcdefgh"), group_by=None)


def two_silos() -> NetworkAnalysis:
    """Two departments of four, complete inside, one tie across."""
    people = [Person(x, x, department="Helse" if x in "abcd" else "Skole") for x in "abcdefgh"]
    return analyse(people, [*_complete("abcd"), *_complete("efgh"), Tie("a", "e")])


def mixed_units() -> NetworkAnalysis:
    """Two departments whose members name people in the other department as often."""
    people = [Person(x, x, department="Helse" if x in "abcd" else "Skole") for x in "abcdefgh"]
    ties = _both_ways(["ae", "bf", "cg", "dh", "af", "bg", "ch", "de", "ab", "cd", "ef", "gh"])
    return analyse(people, ties)


def partners(links: list[tuple[str, str]]) -> NetworkAnalysis:
    people = [Person(x, x) for x in "abcdef"]
    return analyse(
        people,
        _complete("abcdef"),
        partners=[PartnerLink(p, org) for p, org in links],
        group_by=None,
    )


def seed_004_consultation() -> NetworkAnalysis:
    """Ten leaders: seven name one adviser, three none (1.7 consulted, oneself included)."""
    people = [Person(str(i), str(i)) for i in range(10)]
    ties = _complete("0123456789")
    ties += [Tie(str(i), str((i + 1) % 10), "advice") for i in range(7)]
    return analyse(people, ties, group_by=None)


def same_unit_advisers() -> NetworkAnalysis:
    """Two units of five; everyone names two advisers, both from their own unit."""
    people = [Person(str(i), str(i), department="X" if i < 5 else "Y") for i in range(10)]
    ties = _complete("0123456789")
    for i in range(10):
        base = 0 if i < 5 else 5
        ties += [Tie(str(i), str(base + (i - base + k) % 5), "advice") for k in (1, 2)]
    return analyse(people, ties)


def mixed_advisers_few() -> NetworkAnalysis:
    """Same units as above, but 8 of 10 advice ties go across units and few are named."""
    people = [Person(str(i), str(i), department="X" if i < 5 else "Y") for i in range(10)]
    ties = _complete("0123456789") + [Tie(str(i), str((i + 5) % 10), "advice") for i in range(8)]
    return analyse(people, ties)


def learning_pair(*, path: str) -> NetworkAnalysis:
    """Sharer s (fitness 90, sharing 85) and learner l (fitness 30) along ``path``."""
    scores = {"s": (90.0, 85.0), "l": (30.0, 40.0)}
    people = [Person(x, x, fitness=scores.get(x, (60.0, 60.0))[0], sharing=scores.get(x, (60.0, 60.0))[1]) for x in "slxyz"]  # fmt: skip
    ties = [Tie(path[i], path[i + 1]) for i in range(len(path) - 1)]
    return analyse(people, ties, group_by=None)


def knowledge(claims: dict[str, str], organisations: dict[str, str]) -> NetworkAnalysis:
    people = [Person(p, p, organisation=o) for p, o in organisations.items()]
    return analyse(
        people,
        [],
        expertise=[ExpertiseClaim(p, area) for p, area in claims.items()],
        group_by=None,
    )


def _kinds(result: NetworkAnalysis) -> list[str]:
    return [f.kind for f in result.findings]


def _one(result: NetworkAnalysis, kind: str) -> Finding:
    found = [f for f in result.findings if f.kind == kind]
    assert len(found) == 1, _kinds(result)
    return found[0]


# --- each rule fires where it should and not where it should not --------------------------


def test_bottleneck_fires_on_a_star() -> None:
    finding = _one(reciprocal_star(), "bottleneck")
    assert finding.people == ("h",)
    assert finding.evidence["basis"] == "betweenness"
    assert finding.evidence["share_percent"] == 100
    assert (finding.severity, finding.confidence) == ("important", "high")


def test_bottleneck_does_not_fire_on_a_ring() -> None:
    assert "bottleneck" not in _kinds(ring())


def test_bottleneck_below_80_percent_uses_in_degree_with_low_confidence() -> None:
    # 7 of 10 answered: betweenness is unreliable, so the rule looks at nominations: h
    # receives 6 of the 7 ties given.
    result = star(silent=3)
    assert result.network.response_rate == pytest.approx(0.7)
    finding = _one(result, "bottleneck")
    assert finding.people == ("h",)
    assert finding.evidence["basis"] == "in_degree"
    assert finding.evidence["share_percent"] == round(100 * 6 / 7)
    assert finding.confidence == "low"
    assert finding.params["variant"] == "in_degree"


def test_broker_fires_between_units() -> None:
    finding = _one(bridged_units(), "broker")
    assert finding.people == ("m",)
    assert finding.severity == "info"
    assert int(finding.params["between_units"]) > 0


def test_two_bottleneck_people_with_equal_shares_are_both_named() -> None:
    finding = _one(barbell(), "bottleneck")
    assert finding.people == ("g", "h")
    assert finding.evidence["share_percent"] == 100


def test_bottleneck_in_degree_basis_names_both_hubs() -> None:
    # 8 of 14 answered (57 %): in-degree basis; g and h receive all 8 ties given.
    result = barbell(silent="a3 a4 a5 b3 b4 b5")
    finding = _one(result, "bottleneck")
    assert (finding.people, finding.evidence["basis"]) == (("g", "h"), "in_degree")


def test_brokers_in_series_are_both_named() -> None:
    assert _one(bridges_in_series(), "broker").people == ("m", "n")


def test_broker_without_units_uses_clear_communities() -> None:
    result = two_cliques_one_bridge()
    assert result.network.clear_subgroups
    finding = _one(result, "broker")
    assert (finding.people, finding.params["variant"]) == (("m",), "communities")


@pytest.mark.parametrize("build", [dense_team, ring, quiet_non_respondent])
def test_broker_does_not_fire_without_a_broker(build: Callable[[], NetworkAnalysis]) -> None:
    assert "broker" not in _kinds(build())


def test_broker_is_not_emitted_below_80_percent_response() -> None:
    # e and f did not answer: 5 of 7 = 71 %.
    result = bridged_units(silent="ef")
    assert result.network.response_rate < 0.8
    assert "broker" not in _kinds(result)
    assert all(m.role != "broker" for m in result.people.values())


def test_isolated_fires_for_a_member_without_ties() -> None:
    finding = _one(loner(), "isolated")
    assert finding.people == ("i", "j")
    assert (finding.params["isolates"], finding.params["peripheral"]) == (1, 1)
    assert finding.severity == "attention"


@pytest.mark.parametrize("build", [dense_team, quiet_non_respondent])
def test_isolated_does_not_fire_for_connected_people_or_non_respondents(
    build: Callable[[], NetworkAnalysis],
) -> None:
    assert "isolated" not in _kinds(build())


def test_silo_fires_for_units_that_keep_to_themselves() -> None:
    result = two_silos()
    silos = [f for f in result.findings if f.kind == "silo"]
    assert sorted(str(f.params["group"]) for f in silos) == ["Helse", "Skole"]
    helse = next(f for f in silos if f.params["group"] == "Helse")
    # Helse: 12 ties inside, 1 across: (1 - 12) / 13; expected with 4 + 4 people:
    # (2*4*4 - 4*3) / (2*4*4 + 4*3) = 20 / 44.
    assert helse.evidence["ei_index"] == pytest.approx(-11 / 13, abs=1e-3)
    assert helse.evidence["ei_expected"] == pytest.approx(20 / 44, abs=1e-3)
    assert helse.people == ()


def test_silo_does_not_fire_when_units_mix() -> None:
    assert "silo" not in _kinds(mixed_units())


def test_single_partner_fires_for_partners_known_to_one_person() -> None:
    finding = _one(
        partners([("a", "NAV"), ("b", "NAV"), ("c", "KS"), ("d", "Statsforvalteren")]),
        "single_partner",
    )
    assert finding.people == ("c", "d")
    assert finding.params["partners"] == "KS, Statsforvalteren"
    assert (finding.params["count"], finding.params["total"]) == (2, 3)
    assert finding.severity == "attention"


def test_single_partner_does_not_fire_when_partners_are_shared() -> None:
    assert "single_partner" not in _kinds(
        partners([("a", "NAV"), ("b", "NAV"), ("c", "KS"), ("d", "KS")])
    )


def test_narrow_consultation_fires_at_seed_004_level() -> None:
    finding = _one(seed_004_consultation(), "narrow_consultation")
    assert finding.params["mean_consulted"] == 1.7
    assert finding.params["variant"] == "few"
    assert len(finding.people) == 10


def test_narrow_consultation_fires_when_advisers_are_from_the_own_unit() -> None:
    finding = _one(same_unit_advisers(), "narrow_consultation")
    # Everyone names 2: mean 3 consulted, not few; but 100 % own unit against 4/9.
    assert finding.params["variant"] == "similar"
    assert (finding.params["same_share"], finding.params["expected_share"]) == (100, 44)
    assert finding.people == ()


def test_narrow_consultation_names_both_causes() -> None:
    result = analyse(
        [Person(str(i), str(i), department="X" if i < 5 else "Y") for i in range(10)],
        [Tie("0", "1", "advice"), Tie("5", "6", "advice")],
    )
    finding = _one(result, "narrow_consultation")
    assert "variant" not in finding.params


@pytest.mark.parametrize("build", [dense_team, ring])
def test_narrow_consultation_does_not_fire_on_broad_or_missing_advice(
    build: Callable[[], NetworkAnalysis],
) -> None:
    assert "narrow_consultation" not in _kinds(build())


def test_narrow_consultation_threshold_is_two_consulted() -> None:
    # Eight of ten name one adviser from the other unit: 1.8 consulted, few but not similar.
    finding = _one(mixed_advisers_few(), "narrow_consultation")
    assert finding.params["variant"] == "few"


@pytest.mark.parametrize(
    ("path", "variant"), [("sl", None), ("lxs", "indirect"), ("sxl", "indirect")]
)
def test_pairing_fires_for_a_sharer_close_to_a_learner(path: str, variant: str | None) -> None:
    finding = _one(learning_pair(path=path), "pairing")
    assert finding.people == ("s", "l")
    assert finding.params.get("variant") == variant
    assert finding.evidence["distance"] == len(path) - 1
    assert "learner_fitness" not in finding.evidence


def test_pairing_does_not_fire_when_they_are_far_apart() -> None:
    assert "pairing" not in _kinds(learning_pair(path="sxyl"))


def test_pairing_needs_scores() -> None:
    people = [Person("s", "S"), Person("l", "L")]
    assert "pairing" not in _kinds(analyse(people, [Tie("s", "l")], group_by=None))


def test_pairing_spreads_learners_over_sharers_and_is_capped() -> None:
    sharers = [Person(f"s{i}", "S", fitness=90, sharing=90) for i in range(3)]
    learners = [Person(f"l{i:02}", "L", fitness=10 + i) for i in range(20)]
    ties = [Tie(f"l{i:02}", f"s{i % 3}") for i in range(20)]
    found = [
        f for f in analyse(sharers + learners, ties, group_by=None).findings if f.kind == "pairing"
    ]
    # Each sharer takes at most two learners (lowest scores first): 6 pairs.
    assert len(found) == 6 <= MAX_PAIRINGS
    assert {f.people[1] for f in found} == {"l00", "l01", "l02", "l03", "l04", "l05"}


def test_knowledge_centre_fires_for_expertise_across_organisations() -> None:
    finding = _one(
        knowledge({"a": "GDPR", "b": " gdpr ", "c": "GDPR"}, {"a": "Os", "b": "Os", "c": "Voss"}),
        "knowledge_centre",
    )
    assert finding.params == {
        "area": "GDPR", "people_count": 3, "organisations": 2, "cross_ties": 0,
        "response_rate": 100,
    }  # fmt: skip
    assert finding.severity == "attention"


@pytest.mark.parametrize(
    ("claims", "organisations"),
    [
        ({"a": "GDPR", "b": "GDPR", "c": "GDPR"}, {"a": "Os", "b": "Os", "c": "Os"}),
        ({"a": "GDPR", "c": "GDPR"}, {"a": "Os", "b": "Os", "c": "Voss"}),
    ],
)
def test_knowledge_centre_needs_people_in_several_organisations(
    claims: dict[str, str], organisations: dict[str, str]
) -> None:
    assert "knowledge_centre" not in _kinds(knowledge(claims, organisations))


# --- response-rate gates -------------------------------------------------------------


def test_below_65_percent_every_finding_is_low_confidence_and_says_so() -> None:
    # Loner network with four extra non-respondents: 10 of 16 answered.
    people = [Person(x, x) for x in "abcdefghij"] + [
        Person(x, x, responded=False) for x in "klmnop"
    ]
    result = analyse(people, [*_complete("abcdefgh"), Tie("j", "a")], group_by=None)
    assert result.network.response_rate == pytest.approx(10 / 16)
    assert result.findings
    for finding in result.findings:
        assert finding.confidence == "low"
        assert finding.params["response_rate"] == 62
        assert "62 %" in describe_finding(finding, "en", None)["evidence"]
        assert "62 %" in describe_finding(finding, "nb", None)["evidence"]


def test_moderate_response_gives_moderate_confidence() -> None:
    # 10 of 13 answered (77 %): between 65 and 80 %.
    people = [Person(x, x) for x in "abcdefghij"]
    people += [Person(x, x, responded=False) for x in "klm"]
    result = analyse(people, [*_complete("abcdefgh"), Tie("j", "a")], group_by=None)
    assert result.network.response_rate == pytest.approx(10 / 13)
    assert result.findings
    assert {f.confidence for f in result.findings} == {"moderate"}


def test_findings_are_ordered_most_severe_first() -> None:
    result = analyse(
        [Person(x, x, department="X" if x in "abcd" else "Y") for x in "abcdefghi"],
        [*_complete("abcd"), *_complete("efgh"), Tie("a", "e")],
    )
    severities = [f.severity for f in result.findings]
    order = ["important", "attention", "info"]
    assert severities == sorted(severities, key=order.index)


# --- texts ---------------------------------------------------------------------------------


SCENARIOS: list[Callable[[], NetworkAnalysis]] = [
    reciprocal_star,
    lambda: star(silent=3),
    barbell,
    lambda: barbell(silent="a3 a4 a5 b3 b4 b5"),
    bridges_in_series,
    two_cliques_one_bridge,
    lambda: _with_two_brokers_without_units(),
    bridged_units,
    loner,
    lambda: analyse([Person("a", "a"), Person("b", "b"), Person("c", "c")], [Tie("a", "b"), Tie("b", "c")], group_by=None),
    lambda: analyse([Person(x, x) for x in "abcdef"], _complete("abcde"), group_by=None),
    two_silos,
    lambda: partners([("a", "NAV"), ("b", "NAV"), ("c", "KS"), ("d", "Statsforvalteren")]),
    lambda: partners([("a", "NAV"), ("b", "NAV"), ("c", "KS")]),
    seed_004_consultation,
    same_unit_advisers,
    lambda: analyse(
        [Person(str(i), str(i), department="X" if i < 5 else "Y") for i in range(10)],
        [Tie("0", "1", "advice"), Tie("5", "6", "advice")],
    ),
    lambda: learning_pair(path="sl"),
    lambda: learning_pair(path="lxs"),
    lambda: knowledge({"a": "GDPR", "b": "GDPR", "c": "GDPR"}, {"a": "Os", "b": "Os", "c": "Voss"}),
]  # fmt: skip


def _with_two_brokers_without_units() -> NetworkAnalysis:
    """Three cliques in a row joined by m and n, no departments."""
    people = [Person(x, x) for x in "abcdefghijklmn"]
    ties = _complete("abcd") + _complete("efgh") + _complete("ijkl")
    ties += _both_ways(["am", "me", "fn", "ni"])
    return analyse(people, ties, group_by=None)


ASSESSMENT_FINDINGS = [
    Finding("disagreement", "attention", ("1", "2"), {"sd": 24.5}, "high", {"dimension": "Strategy", "sd": 24.5}),
    Finding("leaders_lower", "attention", (), {"leaders": 48.0}, "moderate", {"dimension": "Digital skills", "leaders": 48.0, "others": 61.5}),
]  # fmt: skip


def _rule_findings() -> list[Finding]:
    return [f for build in SCENARIOS for f in build().findings]


def _template_key(finding: Finding) -> str:
    variant = finding.params.get("variant")
    key = f"evidence_{variant}" if variant else "evidence"
    entry = finding_texts()["kinds"][finding.kind]["en"]
    return f"{key}_one" if finding.params.get("count") == 1 and f"{key}_one" in entry else key


def test_every_kind_has_texts_in_both_languages() -> None:
    kinds = finding_texts()["kinds"]
    assert set(kinds) == set(FINDING_KINDS) | set(ASSESSMENT_KINDS)
    for kind, languages in kinds.items():
        assert set(languages) == set(LANGUAGES), kind
        assert set(languages["en"]) == set(languages["nb"]), kind
        assert {"title", "evidence", "action"} <= set(languages["en"]), kind
        for lang in LANGUAGES:
            for key, text in languages[lang].items():
                assert text.strip(), (kind, lang, key)
    assert set(finding_texts()["notes"]) == set(LANGUAGES)


def test_scenarios_exercise_every_rule_and_every_template() -> None:
    findings = _rule_findings() + ASSESSMENT_FINDINGS
    assert {f.kind for f in findings} == set(FINDING_KINDS) | set(ASSESSMENT_KINDS)
    used = {(f.kind, _template_key(f)) for f in findings}
    for kind, languages in finding_texts()["kinds"].items():
        for key in languages["en"]:
            if key.startswith("evidence"):
                assert (kind, key) in used, f"no scenario produces {kind}.{key}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_templates_format_with_the_params_the_rules_produce(lang: str) -> None:
    for finding in _rule_findings() + ASSESSMENT_FINDINGS:
        text = describe_finding(finding, lang, None)
        for part in ("title", "evidence", "action"):
            assert text[part].strip()
            assert "{" not in text[part], (finding.kind, part)
            assert "}" not in text[part], (finding.kind, part)
        entry = finding_texts()["kinds"][finding.kind][lang]
        fields = {
            name
            for key in ("title", _template_key(finding), "action")
            for _, name, _, _ in string.Formatter().parse(entry[key])
            if name
        }
        assert fields <= set(finding.params), (finding.kind, fields - set(finding.params))


def test_describe_finding_hides_names_unless_allowed() -> None:
    finding = _one(loner(), "isolated")
    hidden = describe_finding(finding, "en", None)
    assert hidden["people"] == 2
    assert hidden["people_count"] == 2
    shown = describe_finding(finding, "nb", {"i": "Ingrid", "j": "Jon"})
    assert shown["people"] == ["Ingrid", "Jon"]
    for text in (hidden, shown):
        assert "Ingrid" not in text["evidence"] + text["title"] + text["action"]


def test_describe_finding_uses_decimal_comma_in_norwegian() -> None:
    finding = _one(seed_004_consultation(), "narrow_consultation")
    assert "1,7" in describe_finding(finding, "nb", None)["evidence"]
    assert "1.7" in describe_finding(finding, "en", None)["evidence"]


def test_describe_finding_uses_singular_forms() -> None:
    finding = _one(bridged_units(), "broker")
    assert describe_finding(finding, "en", None)["evidence"].startswith("One person connects")
    assert describe_finding(finding, "nb", None)["evidence"].startswith("Én person kobler")


def test_describe_finding_refuses_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        describe_finding(ASSESSMENT_FINDINGS[0], "sv", None)


@pytest.mark.parametrize(("severity", "confidence"), [("urgent", "high"), ("info", "certain")])
def test_finding_refuses_unknown_severity_or_confidence(severity: str, confidence: str) -> None:
    with pytest.raises(ValueError, match="must be one of"):
        Finding("silo", severity, (), {}, confidence)
