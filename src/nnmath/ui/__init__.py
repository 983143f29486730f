"""ui: the widgets and figures of the course (ipywidgets and bqplot for live panels, matplotlib for static
figures). Nothing in the package imports it.

A notebook gets every panel and figure from here, one call each.
"""
import warnings

with warnings.catch_warnings():  # bqscales' traits warn about traitlets metadata on import: nothing to act on
    warnings.simplefilter("ignore", DeprecationWarning)
    import bqplot  # noqa: F401
from .backward_panel import backward_panel
from .bug_panel import CaseView, bug_panel, show_case
from .data_panels import csv_panel, dataset_panel
from .diagram import NetworkDiagram, draw_network
from .encoder_panel import encoder_panel, heat_map
from .landscape import LandscapePlot, plot_landscape
from .lr_panel import lr_panel
from .panel import Coalescer, LivePanel
from .plots import FitPlot, LossCurvePlot, plot_loss_curves
from .small_panels import constant_prediction_panel, one_step_panel
from .surface_panel import surface_figure, surface_panel
from .training_panels import data_panel, forward_panel, start_panel, training_panel
