"""Translation: gettext catalogs from the documents, back into documents.

Extract templates, update and check catalogs (each checked once per build), statistics,
the publication gate, merging translations into per-language AKN, interface strings."""
