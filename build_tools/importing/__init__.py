"""Bringing editors' documents in: Word (.docx), Markdown (.md) and plain text (.txt)
become Akoma Ntoso in our conventions (``import``), and a corrected or revised text
becomes a later version of its work (``new-version``)."""
