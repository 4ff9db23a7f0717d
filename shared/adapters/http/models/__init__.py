"""API models (pydantic), one module per context: what clients send and receive, never the database models.
A router imports its own context's module, so a request loads only the models it needs (``common``: the
field types every context shares and the problem answer)."""
