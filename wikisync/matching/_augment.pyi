import numpy as np
from numpy.typing import NDArray

def shortest_augmenting_paths(
    starts: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    group: NDArray[np.int64],
    group_row: NDArray[np.int64],
    offset: NDArray[np.int64],
    n_cols: int,
) -> NDArray[np.int64]: ...

TIE_BITS: int
TIE_SHIFT: int
UNKNOWN: int

def capacitated_paths(
    starts: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    row_keys: NDArray[np.int64],
    col_keys: NDArray[np.int64],
    tie_bits: int,
    capacity: NDArray[np.int64],
    slot_base: NDArray[np.int64],
    slot_cost: int,
    start_col: NDArray[np.int64],
    start_u: NDArray[np.int64],
    start_p: NDArray[np.int64],
    u_shift: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int]: ...
def tight_arcs(
    starts: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    row_keys: NDArray[np.int64],
    col_keys: NDArray[np.int64],
    tie_bits: int,
    capacity: NDArray[np.int64],
    slot_base: NDArray[np.int64],
    slot_cost: int,
    placed: NDArray[np.int64],
    u_words: NDArray[np.int64],
    p_words: NDArray[np.int64],
) -> tuple[bool, NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]: ...
