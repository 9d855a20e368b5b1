"""The ward portal: Vietnamese text rules, build helpers, the visit counter and tools."""
