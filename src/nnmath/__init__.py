"""NN Math Lab: the helper package behind the course.

Two layers: `reference` is the lecture's arithmetic in plain Python, for reading
and as the test oracle; `engine` is the same arithmetic compiled with numba, for
live panels and sweeps. `train` and `sweep` check their arguments and call the
engine; tests prove the two layers agree.

Non-goals: a general deep-learning library. Everything here serves one tiny
network (and, in `mlp`, the 8-3-8 encoder) so that every number can be seen.
"""
from . import analysis, data, init
from .params import NAMES, Params
from .reference import Forward, forward, gradients, loss, predict, relu, relu_prime, sgd_step
from .training import ReduceOnPlateau, Run, StepDecay, SweepResult, sweep, train, warm_up

__all__ = [
    "NAMES", "Params", "Forward", "forward", "gradients", "loss", "predict", "relu", "relu_prime",
    "sgd_step", "train", "sweep", "warm_up", "Run", "SweepResult", "StepDecay", "ReduceOnPlateau", "init", "data", "analysis",
]
