"""Outputs per document and language: the AKN expression read into one Pandoc
document, written as PDF (Typst) and EPUB (Pandoc), with the fonts they embed."""
