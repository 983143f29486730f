"""Report C's starts and the lecture data's distribution (nnmath.core.starts, 01_forward_pass).

Expected numbers are worked out by hand in the comments, not read back from the module.
"""
import numpy as np

import nnmath
from nnmath.core.reports import agrees
from nnmath.core.starts import (MEDIUM_SMALL, REPORT_C_OUTPUT, REPORT_C_SAMPLE, REPORT_C_STARTS, lecture_distribution,
                                report_c_starts)


def test_thirteen_starts_in_the_reports_order_with_its_own_bias_triples():
    starts = report_c_starts()
    assert len(starts) == 13 and list(starts)[0] == "small w, b (0.2, 0, 0.2)" and list(starts)[-1] == "one-update start"
    assert starts["small w, b (3, 0.5, 3)"].biases == (3.0, 0.5, 3.0)
    assert starts["high w, b (1.5, 1, 1.5)"].weights == (3.0, 1.5, 3.0, -2.0, 1.5, 3.0)
    assert starts["unique"] == nnmath.Params.from_lists((1.5, 0.5, 1, -1, 1.2, 0.7), (0.3, 0.4, 0.7))
    assert starts[MEDIUM_SMALL] == nnmath.Params.from_lists((1, 0.5, 1, 0.8, 1, 0.8), (0.5, 0, 0.5))


def test_every_reported_number_is_the_forward_pass_with_the_output_relu():
    # e.g. small w, b (0.2, 0, 0.2): z1 = 0.3 + 0.2 = 0.5, z2 = 0.1 + 0 = 0.1, out = 0.5*0.5 + 0.1*0.3 + 0.2 = 0.48
    x1, x2, y = REPORT_C_SAMPLE
    count = 0
    for start in REPORT_C_STARTS:
        f = nnmath.forward(start.params, x1, x2, REPORT_C_OUTPUT)
        values = {"h1": f.h1, "h2": f.h2, "prediction": f.out, "loss": (f.out - y) ** 2}
        for quantity, said in start.said.items():
            assert agrees(said, values[quantity]), (start.label, quantity)
            count += 1
    assert count == 44  # 10 starts with four numbers, 2 with two, the one-update start with none


def test_the_distribution_holds_every_row_the_lecture_can_draw_once():
    X, y = lecture_distribution()
    assert X.shape == (100, 2) and y.shape == (100,)
    rows = {(a, b, t) for (a, b), t in zip(X.tolist(), y.tolist())}
    assert len(rows) == 100
    Xl, yl = nnmath.data.lecture_data()
    assert {(a, b, t) for (a, b), t in zip(Xl.tolist(), yl.tolist())} <= rows
    # the true rule plus the noise's mean leaves the noise's variance: ((0-2)**2 + (1-2)**2 + 0 + 1 + 4) / 5 = 2
    assert np.mean((X[:, 0] ** 2 + X[:, 1] + 2 - y) ** 2) == 2.0
