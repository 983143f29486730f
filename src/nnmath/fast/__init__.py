"""fast: the compiled layer (numba). Every loop is built from the kernels in `kernels.py`, each with a readable oracle in core.

Imports only `nnmath.core` and numba (tests/test_layers.py reads the import graph).
"""
