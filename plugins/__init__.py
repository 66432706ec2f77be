"""sendgraph's built-in source plugins (installed as `sendgraph_plugins`).

Each module is one source; each is registered in pyproject.toml under the
`sendgraph.sources` entry-point group, exactly as a third-party plugin would be.
"""
