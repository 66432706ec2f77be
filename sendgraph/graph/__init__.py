"""The graph layer: facts as RDF, the vocabulary, SHACL validation and named queries."""
