"""Lists an officer keeps as YAML, CSV or XLSX files: read into records, every value with the
place it was written, every problem collected with a Vietnamese hint.

Shared by the honour roll (wardportal.honours) and the documents (wardportal.documents); each
describes its keys with a labels.Schema. The modules, in the order data flows through them:

- places: where a value was written (file + line, or sheet row + cell), for error messages
- labels: the keys of one kind of file and their Vietnamese headings
- files, folder: finding the data files and reading each with the reader of its format
- yaml_source, table_source: YAML, CSV and XLSX into records
- vocabulary, values: closed lists matched the Vietnamese way; typed access to values
- spreadsheet: exported CSV cells that never run as formulas
"""
