"""Reference data shipped with the library; sources, dates and licences in ``README.md``."""
