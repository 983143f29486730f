"""Static figures the notebooks show, one call each, grouped by topic (one module per topic).

Notebooks teach and nnmath draws: a notebook cell calls e.g. `nnmath.ui.figures.loss.curves_over_one_parameter(...)`
and gets back a matplotlib Figure; no notebook builds a figure by hand (tests/test_notebooks.py).
"""
