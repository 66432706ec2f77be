"""sendgraph's vocabulary as data: Turtle files, SHACL shapes and named SPARQL queries.

Installed as the `sendgraph_ontology` package so the files ship with sendgraph; read them through
`sendgraph.graph.ontology` (`ontology_files()`, `load_ontology()`, `queries_dir()`).
"""
