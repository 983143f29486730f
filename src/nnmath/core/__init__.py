"""core: the course's arithmetic in NumPy and plain Python: readable, the test oracle, no compiled code, no widgets.

Imports nothing from `nnmath.fast` or `nnmath.ui` (tests/test_layers.py reads the import graph).
"""
