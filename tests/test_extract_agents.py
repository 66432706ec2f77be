"""People and organisations: known bodies and abbreviations, names with titles and roles,
and short forms resolved within a document."""

from __future__ import annotations

import pytest

from sendgraph.extract.agents import (
    DocumentAgents,
    find_known,
    head_kind,
    known,
    names_in,
    person_name,
    valid_role,
)
from sendgraph.extract.model import Agent


@pytest.mark.parametrize(("alias", "canonical"), [
    ("DfE", "Department for Education"),
    ("the Department for Education", "Department for Education"),
    ("LGA", "Local Government Association"),
    ("ADCS", "Association of Directors of Children's Services"),
    ("IPSEA", "Independent Provider of Special Education Advice"),
    ("Ofsted", "Ofsted"),
    ("CQC", "Care Quality Commission"),
    ("SENDIST", "First-tier Tribunal (Special Educational Needs and Disability)"),
    ("SEND Tribunal", "First-tier Tribunal (Special Educational Needs and Disability)"),
    ("NNPCF", "National Network of Parent Carer Forums"),
    ("Council for Disabled Children", "Council for Disabled Children"),
    ("Education Committee", "House of Commons Education Committee"),
    ("Children’s Commissioner", "Children's Commissioner for England"),
])
def test_known_organisations_by_alias(alias: str, canonical: str) -> None:
    org = known(alias)
    assert org is not None and org.name == canonical


def test_find_known_in_running_text_prefers_the_longest_name() -> None:
    text = "Both the House of Commons Education Committee and IPSEA wrote to the DfE."
    found = [(text[s:e], org.short) for s, e, org in find_known(text)]
    assert found == [("House of Commons Education Committee", "Education Committee"),
                     ("IPSEA", "IPSEA"), ("DfE", "DfE")]
    assert find_known("The LGAs and DfEx are not names.") == []


@pytest.mark.parametrize(("phrase", "name"), [
    ("Rt Hon Jane Doe MP", "Jane Doe"),
    ("Cllr Sam O’Neill", "Sam O’Neill"),
    ("Dr Amir Khan OBE", "Amir Khan"),
    ("Dame Alice Carver", "Alice Carver"),
    ("Mary-Jane Smith", "Mary-Jane Smith"),
    ("Local Authority", None),
    ("Green Paper", None),
    ("The Committee", None),
    ("Despite Everything", None),
    ("jane doe", None),
])
def test_person_names_lose_honorifics_and_post_nominals(phrase: str, name: str | None) -> None:
    assert person_name(phrase) == name


def test_names_in_text_skip_a_capitalised_word_before_the_name() -> None:
    text = "Today Riya Patel met Tom Reeve at the Local Authority offices."
    assert names_in(text, 0, len(text)) == ["Riya Patel", "Tom Reeve"]


def test_head_noun_decides_person_office_or_organisation() -> None:
    assert head_kind("the Commissioner for SEND in Exampleshire") == "person"
    assert head_kind("Exampleshire County Council") == "organisation"
    assert head_kind("Chair of the Board") == "person"
    assert head_kind("the green paper") is None
    assert head_kind("Exampleshire") is None


def test_roles_name_offices_not_actions_or_dates() -> None:
    assert valid_role("Chair of the Committee")
    assert valid_role("ADCS President")
    assert valid_role("Vice-Chair of the Board")
    assert not valid_role("speaking at a conference")
    assert not valid_role("March 2020")


def _with_committee() -> DocumentAgents:
    agents = DocumentAgents()
    org = known("Education Committee")
    assert org is not None
    agents.note_committee(org)
    return agents


def test_appositive_role_and_the_committee_resolved() -> None:
    agents = _with_committee()
    who = agents.speaker("Rt Hon Jane Doe MP, Chair of the Committee")
    assert who == Agent("Jane Doe", "person", "Chair of the Education Committee")
    assert agents.speaker("Jane Doe") == who
    assert agents.speaker("Doe") == who


def test_role_before_the_name_and_mp_as_role() -> None:
    agents = DocumentAgents()
    assert agents.speaker("Schools Minister Sam Bright") == Agent("Sam Bright", "person",
                                                                  "Schools Minister")
    assert agents.speaker("Kim Lowe MP") == Agent("Kim Lowe", "person", "MP")
    assert agents.speaker("Ana Ruiz, ADCS President") == Agent("Ana Ruiz", "person",
                                                               "ADCS President")
    assert agents.speaker("Ed Stone, speaking in March 2020") == Agent("Ed Stone", "person")


def test_organisations_and_anaphors() -> None:
    agents = _with_committee()
    assert agents.speaker("the committee") == Agent("House of Commons Education Committee",
                                                    "organisation")
    assert agents.speaker("the DfE") == Agent("Department for Education", "organisation")
    assert agents.speaker("Exampleshire County Council") == Agent(
        "Exampleshire County Council", "organisation")
    assert agents.speaker("he") is None
    assert agents.speaker("the report") is None
    assert DocumentAgents().speaker("the committee") is None


def test_short_form_of_an_office_resolves_to_the_fullest_name_named() -> None:
    agents = DocumentAgents()
    full = agents.agent_for("the Commissioner for SEND in Exampleshire")
    assert full == Agent("Commissioner for SEND in Exampleshire", "person")
    assert agents.agent_for("the SEND Commissioner") == full
    assert agents.agent_for("Commissioner") == full
    assert agents.agent_for("the Schools Commissioner") != full


def test_ambiguous_surname_is_not_resolved() -> None:
    agents = DocumentAgents()
    agents.add_person("Ann Lee", None)
    agents.add_person("Bo Lee", None)
    assert agents.person("Lee") is None
    assert agents.person("Ann") == Agent("Ann Lee", "person")
