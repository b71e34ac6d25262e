"""Readers of source files, one module per format.

Each reader module offers `FORMAT` (a name people read), `looks_like(head)`
(whether a file's first kilobytes are in its format) and `parse(path)`, which
returns a `ParsedSource` whose records a generator yields one at a time, so
a file of any size streams into the store. `models.sources` picks the reader.
"""
