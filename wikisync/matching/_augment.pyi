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
def capacitated_paths(
    starts: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    capacity: NDArray[np.int64],
    slot_base: NDArray[np.int64],
    slot_cost: int,
) -> NDArray[np.int64]: ...
