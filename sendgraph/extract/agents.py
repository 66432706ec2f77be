"""People and organisations: who speaks, with roles where the text states them.

* **Known organisations** (`KNOWN_ORGANISATIONS`): canonical name, short form and the aliases
  and abbreviations that name it ("DfE", "the Department for Education" -> Department for
  Education; "the Education Committee" -> House of Commons Education Committee).
* **Person names** in attribution phrases: two to four capitalised words, with honorifics
  ("Rt Hon", "Cllr", "Dr") and post-nominals ("MP", "OBE") stripped from the name; a role comes
  from an appositive ("Robert Halfon MP, Chair of the Committee,"), a role before the name
  ("Minister Will Quince", "Children's Minister X") or "X MP" (role "MP").
* **Offices and bodies** not in the table: a capitalised phrase whose head noun is an office
  ("Commissioner for SEND services in Birmingham": a person) or a body ("Birmingham City
  Council": an organisation).

`DocumentAgents` remembers, per document, the people and offices already named, so later
short forms resolve to them: "Robert Halfon" or "Halfon" -> the Robert Halfon introduced with
his role; "the Commissioner" -> the "Commissioner for SEND services in Birmingham" named
earlier (every word of the short form occurs in the long one); "the Committee" -> the
committee the document names. "Chair of the Committee" becomes "Chair of the Education
Committee" the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sendgraph.extract.model import Agent
from sendgraph.extract.quick import quick


@dataclass(frozen=True)
class KnownOrganisation:
    name: str
    short: str
    aliases: tuple[str, ...]


def _org(name: str, short: str, *aliases: str) -> KnownOrganisation:
    return KnownOrganisation(name, short, (name, short, *aliases))


KNOWN_ORGANISATIONS: tuple[KnownOrganisation, ...] = (
    _org("Department for Education", "DfE", "DFE", "Department of Education"),
    _org("Local Government Association", "LGA"),
    _org("Association of Directors of Children's Services", "ADCS"),
    _org("Independent Provider of Special Education Advice", "IPSEA"),
    _org("Ofsted", "Ofsted", "OFSTED", "Office for Standards in Education"),
    _org("Care Quality Commission", "CQC"),
    _org("First-tier Tribunal (Special Educational Needs and Disability)", "SEND Tribunal",
         "SENDIST", "SENDIST Tribunal", "SEND tribunal", "First-tier Tribunal (SEND)",
         "Special Educational Needs and Disability Tribunal"),
    _org("National Network of Parent Carer Forums", "NNPCF"),
    _org("Council for Disabled Children", "Council for Disabled Children"),
    _org("House of Commons Education Committee", "Education Committee",
         "Commons Education Committee", "Education Select Committee",
         "Commons Education Select Committee"),
    _org("House of Commons Committee of Public Accounts", "Public Accounts Committee",
         "Committee of Public Accounts"),
    _org("Children's Commissioner for England", "Children's Commissioner"),
    _org("Local Government and Social Care Ombudsman", "LGSCO", "Local Government Ombudsman"),
    _org("Equality and Human Rights Commission", "EHRC"),
    _org("National Audit Office", "NAO"),
    _org("Department of Health and Social Care", "DHSC"),
    _org("NHS England", "NHS England"),
    _org("Special Needs Jungle", "SNJ"),
    _org("SEN Policy Research Forum", "SEN Policy Research Forum"),
    _org("National Association of Head Teachers", "NAHT"),
    _org("Isos Partnership", "Isos"),
)


def _alias_pattern(alias: str) -> str:
    return re.escape(alias).replace("'", "['’]")


_BY_ALIAS: dict[str, KnownOrganisation] = {}
for _known in KNOWN_ORGANISATIONS:
    for _alias in _known.aliases:
        _BY_ALIAS[_alias.replace("’", "'").lower()] = _known
_KNOWN_RE = quick(re.compile(
    r"(?<![\w-])(?:" + "|".join(_alias_pattern(a) for a in sorted(
        {a for k in KNOWN_ORGANISATIONS for a in k.aliases}, key=lambda a: (-len(a), a)))
    + r")(?![\w-])"))

OFFICE_HEADS = frozenset({
    "minister", "secretary", "commissioner", "chair", "chairman", "chairwoman", "chairperson",
    "president", "director", "leader", "councillor", "mp", "judge", "inspector", "officer",
    "spokesperson", "spokesman", "spokeswoman", "adviser", "advisor", "lead", "head",
    "headteacher", "principal", "chancellor", "mayor", "member", "ceo", "chief",
})
ORG_HEADS = frozenset({
    "committee", "council", "association", "department", "commission", "tribunal", "forum",
    "board", "service", "services", "trust", "agency", "office", "group", "society", "alliance",
    "network", "partnership", "university", "institute", "foundation", "charity", "government",
    "parliament", "authority", "ombudsman", "inspectorate", "union", "federation", "panel",
    "centre", "coalition", "campaign", "consortium", "collective", "executive",
})
HONORIFICS = re.compile(
    r"^(?:(?:the\s+)?(?:Rt\.?\s+Hon\.?|Right\s+Hon(?:ourable|\.)?|Hon\.?|Cllr\.?|Councillor|"
    r"Dr\.?|Prof\.?|Professor|Sir|Dame|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?)\s+)+", re.IGNORECASE)
POSTNOMINALS = re.compile(r"(?:,?\s+(?:MP|MBE|OBE|CBE|KBE|DBE|QC|KC|PhD|MSP|MS|AM|JP))+$")
_NAME_TOKEN = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
PERSON_NAME = quick(re.compile(
    rf"{_NAME_TOKEN}(?:[^\S\n]+(?:[A-Z]\.[^\S\n]+)?{_NAME_TOKEN}){{1,3}}"))
NOT_NAME = frozenset({
    "the", "this", "that", "these", "those", "a", "an", "local", "authority", "authorities",
    "education", "government", "department", "green", "paper", "white", "report", "review",
    "send", "special", "needs", "children", "child", "families", "family", "health", "care",
    "social", "school", "schools", "national", "city", "county", "borough", "district",
    "house", "commons", "lords", "select", "public", "accounts", "high", "further", "young",
    "people", "parent", "parents", "carer", "carers", "plan", "plans", "act", "bill", "code",
    "practice", "programme", "safety", "valve", "delivering", "better", "value", "tranche",
    "despite", "many", "most", "some", "all", "any", "every", "our", "their", "his", "her",
    "its", "we", "they", "he", "she", "it", "there", "here", "what", "when", "where", "why",
    "how", "if", "but", "and", "or", "so", "as", "in", "on", "at", "for", "of", "to", "by",
    "with", "from", "read", "more", "reply", "share", "comments", "comment", "today",
    "yesterday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "england", "english", "british", "uk",
    "birmingham", "london", "leave", "notify", "view", "inline", "feedbacks", "newest",
    "oldest", "voted", "failure", "accountability", "financial", "key", "chicken", "run",
} | OFFICE_HEADS | ORG_HEADS)
# Words that may start a role phrase before a name: "Children's Minister", "Education Secretary".
ROLE_PREFIX = re.compile(
    r"(?:(?:[A-Z][\w'’-]*|of|for|the|and)\s+){0,4}?(?:Minister|Secretary|Commissioner|Chair|"
    r"President|Director|Leader|Chief Executive|Councillor|Mayor|Headteacher)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,5})?"
    r"(?=\s+[A-Z])")
MONTHS = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|"
                    r"October|November|December)\b")


def find_known(text: str, start: int = 0, end: int | None = None
               ) -> list[tuple[int, int, KnownOrganisation]]:
    """Known-organisation names and abbreviations in ``text[start:end]``."""
    end = len(text) if end is None else end
    return [(m.start(), m.end(), _BY_ALIAS[m.group().replace("’", "'").lower()])
            for m in _KNOWN_RE.finditer(text, start, end)]


def known(phrase: str) -> KnownOrganisation | None:
    """The known organisation ``phrase`` names exactly ("the" aside), if any."""
    key = re.sub(r"^the\s+", "", phrase.strip(), flags=re.IGNORECASE)
    return _BY_ALIAS.get(key.replace("’", "'").lower())


def organisation(org: KnownOrganisation) -> Agent:
    return Agent(org.name, "organisation")


def person_name(phrase: str) -> str | None:
    """``phrase`` as a person's name without honorifics and post-nominals, if it is one."""
    bare = POSTNOMINALS.sub("", HONORIFICS.sub("", phrase.strip())).strip()
    if not PERSON_NAME.fullmatch(bare):
        return None
    tokens = [t for t in bare.split() if len(t) > 2 or not t.endswith(".")]
    if any(t.lower().replace("’", "'") in NOT_NAME for t in tokens):
        return None
    return bare


def names_in(text: str, start: int, end: int) -> list[str]:
    """Person names in ``text[start:end]`` (a capitalised word before a name, like "Today
    Riya Patel", is dropped)."""
    found = []
    for m in PERSON_NAME.finditer(text, start, end):
        tokens = m.group().split()
        for k in range(len(tokens) - 1):
            name = person_name(" ".join(tokens[k:]))
            if name is not None:
                found.append(name)
                break
    return found


def head_kind(phrase: str) -> str | None:
    """"person" for an office ("Commissioner for …"), "organisation" for a body ("… Council"),
    judged by the head noun: the word before the first "of/for/in", else the last word."""
    words = re.sub(r"^the\s+", "", phrase.strip(), flags=re.IGNORECASE).split()
    if not words or not words[0][:1].isupper():
        return None
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "in", "on")), len(words))
    head = words[cut - 1].lower().strip(",.;:") if cut else ""
    if head in ORG_HEADS:
        return "organisation"
    if head in OFFICE_HEADS:
        return "person"
    return None


def valid_role(phrase: str) -> bool:
    """A role phrase names an office or a body ("Chair of the Committee", "ADCS President"),
    not an action or a date ("addressing the conference", "December 2013")."""
    words = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE).split()
    if not words or not words[0][:1].isupper() or MONTHS.match(words[0]):
        return False
    lowered = {re.sub(r"['’]s$", "", part) for w in words
               for part in w.lower().strip(",.;:").split("-")}
    return bool(lowered & OFFICE_HEADS) or any(known(w) for w in words)


def _words(phrase: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", phrase.lower().replace("’s", "").replace("'s", ""))
            if w not in ("the", "of", "for", "in", "and", "a", "an", "s")}


@dataclass
class DocumentAgents:
    """The people, offices and committees a document names, for resolving short forms."""

    people: dict[str, Agent] = field(default_factory=dict)  # full name -> agent
    offices: list[Agent] = field(default_factory=list)
    committee: KnownOrganisation | None = None

    def note_committee(self, org: KnownOrganisation) -> None:
        if self.committee is None and "Committee" in org.name:
            self.committee = org

    def fix_role(self, role: str | None) -> str | None:
        if not role:
            return None
        role = role.strip().strip(",").strip()
        if self.committee is not None:
            role = re.sub(r"\bthe Committee\b", f"the {self.committee.short}", role,
                          flags=re.IGNORECASE)
        return role or None

    def add_person(self, name: str, role: str | None) -> Agent:
        current = self.people.get(name)
        if current is not None and (current.role or not role):
            return current
        agent = Agent(name, "person", self.fix_role(role))
        self.people[name] = agent
        return agent

    def add_office(self, agent: Agent) -> Agent:
        for known_agent in self.offices:
            if _words(agent.name) <= _words(known_agent.name):
                return known_agent
        self.offices.append(agent)
        return agent

    def person(self, name: str) -> Agent | None:
        """A named person: exact, or by surname / first name when that is unambiguous."""
        if name in self.people:
            return self.people[name]
        parts = name.split()
        if len(parts) == 1:
            found = [a for n, a in sorted(self.people.items())
                     if parts[0] in (n.split()[-1], n.split()[0])]
            return found[0] if len(found) == 1 else None
        return None

    def office(self, phrase: str) -> Agent | None:
        """An office or body named earlier whose name contains every word of ``phrase``."""
        words = _words(phrase)
        if not words:
            return None
        found = [a for a in self.offices if words <= _words(a.name)]
        return max(found, key=lambda a: len(a.name)) if found else None

    def agent_for(self, phrase: str) -> Agent | None:
        """The agent a noun phrase names: a committee anaphor, a known organisation, a named
        person, an office or body named earlier, or a new office/body by its head noun."""
        phrase = phrase.strip().strip(",")
        bare = re.sub(r"^the\s+", "", phrase, flags=re.IGNORECASE)
        if not bare:
            return None
        if bare.lower() in ("committee", "select committee") and self.committee is not None:
            return organisation(self.committee)
        org = known(bare)
        if org is not None:
            return organisation(org)
        name = person_name(phrase)
        if name is not None:
            return self.person(name) or self.add_person(name, None)
        if len(bare.split()) == 1 and bare[:1].isupper():
            single = self.person(bare)
            if single is not None:
                return single
        previous = self.office(bare)
        if previous is not None:
            return previous
        kind = head_kind(bare)
        if kind is None or len(bare.split()) > 12:
            return None
        return self.add_office(Agent(bare, kind))

    def speaker(self, phrase: str) -> Agent | None:
        """The agent an attribution phrase names: "Rt Hon Robert Halfon MP, Chair of the
        Committee" -> Robert Halfon, role "Chair of the Education Committee"; "Rachel
        Dickinson, ADCS President"; "Minister Will Quince"; "the committee"; "the DfE"."""
        parts = [p.strip() for p in re.split(r",\s*", phrase) if p.strip()]
        for i, part in enumerate(parts):
            name = person_name(part)
            role = None
            if name is None:
                prefix = ROLE_PREFIX.match(part)
                if prefix is not None:
                    name = person_name(part[prefix.end():])
                    role = prefix.group().strip() if name else None
            if name is None:
                continue
            roles = [p for j, p in enumerate(parts) if j != i and valid_role(p)]
            role = role or (roles[0] if roles else None)
            if role is None and re.search(r"\bMP$", part):
                role = "MP"
            if role is None:
                return self.person(name) or self.add_person(name, None)
            return self.add_person(name, role)
        return self.agent_for(parts[0]) if parts else None
