"""The public website: one MkDocs + Material site per language, from the same
Pandoc documents as the downloads, plus the pages above the languages."""
