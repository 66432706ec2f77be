"""sendgraph: an evidence-grade web archive and knowledge graph of England's SEND system."""

__version__ = "0.1.0"
