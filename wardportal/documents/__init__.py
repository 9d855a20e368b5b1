"""Legal and administrative documents (Văn bản): data files in, checked documents, list
pages, filters and open data out.

Plain functions and dataclasses, usable without Pelican: plugins/documents only wires them
into a build. The data files are read by wardportal.datafiles with the schema in labels.

- labels: the keys of a document and their Vietnamese column headings
- config: the settings (types, folders, addresses)
- model: Document, its file, the filter groups
- load: load_documents(config) → (documents, errors): read, check, find duplicates
- listing: newest first, and a group per type, issuing body, year and field
- export: JSON and CSV open data
"""
