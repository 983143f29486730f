"""Checked exercises: the student writes a number or a function, a check says correct, wrong (with a hint) or not yet.

Each check returns a `Verdict`, which the notebook shows (text for nbval, HTML in Jupyter), always
starting with the marker "[exercise]":

    [exercise] prediction out for x = (2, 1): correct. true value 4.5 / your value 4.5

- correct: the true value beside the student's ("true value / your value", as udlbook prints);
- wrong: the student's value (never the true one) and a hint: the specific one when the answer
  equals a typical mistake, else a generic one and the sizes of the two numbers;
- not yet: the answer is still None, or the function raises NotImplementedError or returns None.

True values come from the package's reference (`nnmath.forward`, `nnmath.gradients`, `mlp.predict`, ...);
typical wrong answers are the reference with one mistake planted (a `Mistake`), never typed-in numbers.

Building blocks (numbers.py, functions.py): `check_number`, `check_nine`, `check_function`, `check_choice`.
Ready-made checks, first argument the student's answer:

    notebook            check
    01_forward_pass     check_prediction(answer, x1, x2, params)
    02_loss, 07         check_loss(answer, params, X, y), check_loss_from_zeros(answer, y)
    03_backprop         check_gradient(answer, name, params, x1, x2, y), check_gradients(answer, ...),
                        check_batch_gradient(answer, name, params, X, y), check_update(answer, name, lr, ...)
    04_training_loop    check_update_function(update), check_batch_update(answer, name, lr, params, X, y)
    05_learning_rate    check_diverging_lr(answer, candidates, params, X, y), check_lr_bound(answer, params, X, y)
    09_encoder          check_encoder_forward(forward)

An exercise in a notebook is two cells: a solution cell tagged `solution` whose student line stays
above nbgrader's markers, then a check cell whose last line is the check (CONTRIBUTING.md, "Exercises"):

    my_value = None  # your answer              <- the student edition keeps this line
    ### BEGIN SOLUTION
    my_value = 4.5                              <- replaced by "# YOUR CODE HERE"
    ### END SOLUTION

    check_prediction(my_value, x1=2, x2=1)

Layer: imports core (and may import fast), never ui; nothing in the package imports it (tests/test_layers.py).
"""
from .encoder import check_encoder_forward
from .forward import check_prediction
from .functions import check_function
from .gradients import LECTURE_SAMPLE, check_batch_gradient, check_gradient, check_gradients
from .learning_rate import check_diverging_lr, check_lr_bound, sharpness
from .losses import check_loss, check_loss_from_zeros
from .numbers import Mistake, check_choice, check_nine, check_number
from .updates import check_batch_update, check_update, check_update_function
from .verdict import MARKER, STATUSES, Verdict, find_verdicts

__all__ = [
    "MARKER", "STATUSES", "Verdict", "Mistake", "find_verdicts",
    "check_number", "check_nine", "check_function", "check_choice",
    "check_prediction", "check_loss", "check_loss_from_zeros", "check_gradient", "check_gradients",
    "check_batch_gradient", "check_update", "check_batch_update", "check_update_function", "check_diverging_lr",
    "check_lr_bound", "sharpness", "check_encoder_forward", "LECTURE_SAMPLE",
]
