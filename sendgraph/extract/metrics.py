"""Wording -> metric concept (the SKOS scheme in ontology/metrics.ttl).

`metric_for(text)` tries the patterns in order and returns the first slug whose pattern occurs in
the text (case-insensitive), or None: unknown wording is then kept as text by the caller, never
dropped. Order matters: the specific before the general (timeliness and refusals before requests
and assessments, ceased and new plans before plans maintained, the costs of plans and placements
before placements, DSG deficits before deficits). A test checks every slug is in the scheme and
that every label of the scheme maps back to its own concept.
"""

from __future__ import annotations

import re

from sendgraph.extract.quick import quick

_PLAN = r"(?:ehcps?|ehc\s?plans?|education,? health and care plans?|plans?|statements?)"

METRIC_PATTERNS: tuple[tuple[str, str], ...] = (
    ("ehcp-timeliness", r"within 20 weeks|20[- ]weeks?(?: timescale)?|timeliness|on time\b|"
                        r"timescales?"),
    ("assessments-refused", r"refus\w*\b.{0,30}(?:assess|request)|(?:assess\w*|requests?)\b.{0,30}"
                            r"refus|refusal rate"),
    ("ehcp-requests", r"requests? for (?:an? )?(?:ehc|assessment|statutory assessment|ehcp)|"
                      r"(?:ehcp|ehc|assessment|ehc needs assessment) requests"),
    ("ehcp-assessments", r"(?:needs|ehcp|ehc|statutory) assessments?|assessments agreed|"
                         r"assessments? (?:carried out|completed)"),
    ("ehcps-ceased", rf"\bceas(?:e|ed|es|ing)\b|cessation|discontinued {_PLAN}|"
                     rf"{_PLAN} (?:ceased|stepped down|discontinued)"),
    ("new-ehcps", rf"\bnew {_PLAN}|\b(?:issue|issued|issues|issuing|issuance)\b.{{0,30}}"
                  rf"\b{_PLAN}|\b{_PLAN} issu|ehcp issuance"),
    ("caseload", r"case ?loads?|cases per|per (?:case ?)?(?:worker|officer|coordinator|"
                 r"caseworker)"),
    ("tribunal-appeals", r"appeals?\b.{0,30}tribunal|tribunal (?:appeals|cases)|sendist|"
                         r"appeals registered"),
    ("average-ehcp-cost", rf"(?:average|unit) (?:cost|spend) (?:of|per) (?:an? )?{_PLAN}|"
                          rf"cost per (?:ehcp|ehc plan|plan)|average {_PLAN} cost|"
                          r"average ehcp cost"),
    ("high-needs-funding", r"high[- ]needs (?:block|funding|allocation)|\ballocation\b"),
    ("top-up-cost", r"top[- ]?ups?\b|element 3"),
    ("placement-cost", r"placements? costs?|cost (?:of|per) (?:an? )?placements?"),
    ("independent-special-school-placements",
     r"independent (?:and non-maintained |non-maintained )?(?:special|specialist)|inmss|"
     r"independent placements|non-maintained special"),
    ("out-of-area-placements", r"out[- ]of[- ](?:area|borough|county|authority)|"
                               r"placements outside"),
    ("special-school-placements", r"special(?:ist)? school (?:placements?|places|admissions)|"
                                  r"placements? in special(?:ist)? schools|specialist "
                                  r"(?:placements?|provision places)"),
    ("mainstream-inclusion", r"mainstream"),
    ("sen-support-pupils", r"sen support"),
    ("home-to-school-transport-cost", r"transport"),
    ("dsg-deficit", r"(?:dsg|dedicated schools grant)\b.{0,20}(?:deficit|overspend)"),
    ("deficit", r"deficit|overspend"),
    ("high-needs-spend", r"high[- ]needs (?:spend|spending|expenditure|costs?)|"
                         r"spending on high needs|send spending|(?:spend|spending|expenditure) "
                         r"on (?:send|high needs)"),
    ("savings", r"\bsav(?:e|es|ed|ing|ings)\b|efficienc|cost reductions?|cost avoidance|"
                r"mitigations"),
    ("ehcps-maintained", rf"\b(?:with|have|having|holding) (?:an? )?(?:ehcps?|ehc plans?|"
                         r"education,? health and care plans?)|number of (?:ehcps|ehc plans)|"
                         r"total (?:ehcps|ehc plans)|ehcp (?:numbers|population|growth)|"
                         rf"{_PLAN} maintained"),
)

_COMPILED = tuple((slug, quick(re.compile(pattern, re.IGNORECASE)))
                  for slug, pattern in METRIC_PATTERNS)
METRIC_SLUGS: tuple[str, ...] = tuple(dict.fromkeys(slug for slug, _ in METRIC_PATTERNS))


def metric_for(text: str) -> str | None:
    """The metric slug the wording names, or None when it is not one we know."""
    for slug, pattern in _COMPILED:
        if pattern.search(text):
            return slug
    return None
