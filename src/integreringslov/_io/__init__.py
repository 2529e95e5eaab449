"""Files in and out (internal).

Writing tables, reading them back, text decoding, JSON-stat, PC-Axis, the limits on hostile
files and the pandas/polars/Arrow boundary. Nothing here is public API: users call
:func:`integreringslov.read` and the command line's ``-o``; plugin authors use
:mod:`integreringslov.plugins`.
"""
