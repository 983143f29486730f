"""How many updates a training run makes (04_training_loop).

An epoch is one pass over the n samples. Online makes n updates per epoch, batch one, minibatch one per
batch of B samples: ceil(n / B), because the last, smaller batch is an update too. Typical wrong answers:

    floor            epochs * (n // B): the last, smaller batch left out
    exact division   epochs * n / B: batches are whole; there is no fraction of an update
    one epoch        ceil(n / B): the updates of one epoch, not of the whole run
    online           epochs * n: one update per sample is online, not minibatch
    batch            epochs: one update per epoch is batch
"""
from __future__ import annotations

import math

from ..core.checks import validate
from .numbers import Mistake, check_number
from .verdict import Verdict


def update_count(n: int, batch_size: int, epochs: int) -> int:
    """Updates made by minibatch gradient descent: epochs * ceil(n / batch_size) (04_training_loop)."""
    return epochs * math.ceil(n / batch_size)


def update_count_mistakes(n: int, batch_size: int, epochs: int) -> list[Mistake]:
    return [
        Mistake("floor", f"the last batch of each epoch holds only the {n % batch_size or batch_size} samples left "
                         f"over, and it is an update too: round n / B up, not down.", epochs * (n // batch_size)),
        Mistake("exact division", "a batch is a whole number of samples and each batch is one update: count whole "
                                  "batches per epoch (round n / B up).", epochs * n / batch_size),
        Mistake("one epoch", "that is one epoch's updates; the run has many epochs.", math.ceil(n / batch_size)),
        Mistake("online", "one update per sample is online gradient descent; minibatch makes one per batch.",
                epochs * n),
        Mistake("batch", "one update per epoch is batch gradient descent; minibatch makes one per batch.", epochs),
    ]


def check_update_count(answer, n: int = 300, batch_size: int = 32, epochs: int = 1000) -> Verdict:
    """The number of parameter updates of a minibatch run (04_training_loop); the course's data by default."""
    n, batch_size, epochs = validate(n=n, batch_size=batch_size, epochs=epochs)
    return check_number(answer, update_count(n, batch_size, epochs),
                        f"updates in {epochs} epochs of minibatch B = {batch_size} on {n} samples",
                        update_count_mistakes(n, batch_size, epochs), rtol=1e-9,
                        why=f"ceil({n} / {batch_size}) = {math.ceil(n / batch_size)} updates per epoch, "
                            f"{epochs} epochs")


__all__ = ["update_count", "update_count_mistakes", "check_update_count"]
