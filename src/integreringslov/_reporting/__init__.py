"""Reports (internal).

The report model, its text and HTML renderers, the figures and the demo that feeds them.
Domain packages supply data and never import this layer.
"""
