"""Honour rolls of the "Dân vận khéo" movement: data files in, checked entries and tables out.

Plain functions and dataclasses, usable without Pelican: plugins/honours only wires them
into a build. The modules, in the order data flows through them:

- places: where a value was written (file + line or row), for error messages
- labels: the keys of an entry and their Vietnamese column labels (a Schema per kind of list)
- yaml_source, table_source, sources: read YAML, CSV and XLSX files into records (the
  contact directory, wardportal.contacts, reads its files with them and its own Schema)
- vocabulary, periods, history: normalise values the officer types
- entries: turn one record into a checked Entry
- roll: load a folder, check it as a whole, group it by period and field
- links: connect entries and news articles both ways
- summary: count tables (field × kind, status × level)
- markup, export: Markdown summaries; JSON and CSV open data
"""
