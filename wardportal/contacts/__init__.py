"""The contact directory (Danh bạ): who answers for the ward, with official phone and email.

Nghị định 42/2022/NĐ-CP asks a state portal to list its leaders and contact officials (name,
position, phone, email) and an English version of the organisation and contacts. The data is
a YAML, CSV or XLSX file in content/contacts/, read by the honour roll's readers with the
directory's own Schema (labels), checked here (reach: phone and email), and grouped by unit
for the pages (directory). Plain functions, usable without Pelican: plugins/legal wires them.
"""
