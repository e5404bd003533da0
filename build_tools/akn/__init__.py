"""The document model: Akoma Ntoso documents read, checked and described.

Parsing (one hardened parser), the official schema, our conventions (rules), the
translatable units, and the grouping of expressions into works and versions."""
