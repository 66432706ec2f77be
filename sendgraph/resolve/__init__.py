"""Authority resolution: mentions of English local authorities -> GSS codes.

``Resolver().resolve(document_or_text, date="2022")`` returns ``Mention`` objects with exact
spans, the ``Authority`` (or the candidates when it cannot decide), a confidence and a reason.
The ``Gazetteer`` holds the authorities (current and historic) and their name forms;
``Judgements`` stores people's decisions and the mentions left for them to decide.
Layer rule: this package imports only ``sendgraph.document`` and the standard library.
"""

from sendgraph.resolve.gazetteer import REJECTED, Gazetteer
from sendgraph.resolve.judgements import Judgement, Judgements, key_for
from sendgraph.resolve.model import Authority, Mention
from sendgraph.resolve.resolver import Resolver

__all__ = [
    "REJECTED",
    "Authority",
    "Gazetteer",
    "Judgement",
    "Judgements",
    "Mention",
    "Resolver",
    "key_for",
]
