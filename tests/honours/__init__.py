"""The honour rolls: reading, errors, hostile files and the built pages."""
