"""What people read (internal).

Languages, plain words for checks and types, and the privacy guard every message passes
through (identity numbers masked, text made printable).
"""
