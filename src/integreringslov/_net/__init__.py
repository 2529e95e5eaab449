"""The network (internal).

The one HTTP client and its cache, shared by :mod:`integreringslov.ssb` and
:mod:`integreringslov.regions` (KLASS). The library talks to the network only when a user
asks it to.
"""
