"""A LightGBM model for prediction only, through LightGBM's C API (lib_lightgbm, which the
lightgbm package ships), without importing the package.

Importing `lightgbm` imports scipy.sparse and more (0.25 s of CPU in every worker process, about
what 5 Lenta articles' event models cost); the extractor only loads model strings and predicts on
dense float64 matrices, two C calls the package itself wraps the same way (lightgbm/basic.py).
Training and the library comparison still use the package.
"""
from __future__ import annotations

import ctypes
import functools
import importlib.util
import platform
from pathlib import Path

import numpy as np

C_API_DTYPE_FLOAT64 = 1
C_API_PREDICT_NORMAL = 0


_QUIET = ctypes.CFUNCTYPE(None, ctypes.c_char_p)(lambda message: None)   # kept: the library holds it


class BoosterError(Exception):
    """LightGBM refused a model string or a prediction (its own message)."""


@functools.cache
def _library() -> ctypes.CDLL:
    spec = importlib.util.find_spec("lightgbm")      # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise BoosterError("the lightgbm package is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    name = {"Windows": "lib_lightgbm.dll", "Darwin": "lib_lightgbm.dylib"}.get(platform.system(), "lib_lightgbm.so")
    # the places lightgbm/libpath.py looks in
    for candidate in (folder.parent / name, folder / "bin" / name, folder / "lib" / name):
        if candidate.is_file():
            library = ctypes.cdll.LoadLibrary(str(candidate))
            library.LGBM_GetLastError.restype = ctypes.c_char_p
            # LightGBM prints its log lines otherwise; an error's message comes with the exception
            library.LGBM_RegisterLogCallback(_QUIET)
            return library
    raise BoosterError(f"no {name} beside the lightgbm package in {folder}")


def _check(code: int) -> None:
    if code != 0:
        raise BoosterError(_library().LGBM_GetLastError().decode("utf-8"))


class Booster:
    """A model string loaded into LightGBM; predict() takes the keyword parameters of
    lightgbm.Booster.predict that are LightGBM parameters (num_threads, pred_early_stop, ...)."""

    def __init__(self, model_str: str):
        self._library = _library()           # held: module globals are gone when __del__ runs at exit
        self._handle = ctypes.c_void_p()
        iterations = ctypes.c_int(0)
        _check(_library().LGBM_BoosterLoadModelFromString(
            ctypes.c_char_p(model_str.encode("utf-8")), ctypes.byref(iterations), ctypes.byref(self._handle)))
        classes = ctypes.c_int(0)
        _check(_library().LGBM_BoosterGetNumClasses(self._handle, ctypes.byref(classes)))
        self._classes = classes.value

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            self._library.LGBM_BoosterFree(handle)
            self._handle = None

    def num_feature(self) -> int:
        out = ctypes.c_int(0)
        _check(_library().LGBM_BoosterGetNumFeature(self._handle, ctypes.byref(out)))
        return out.value

    def num_trees(self) -> int:
        out = ctypes.c_int(0)
        _check(_library().LGBM_BoosterNumberOfTotalModel(self._handle, ctypes.byref(out)))
        return out.value

    def predict(self, matrix: np.ndarray, **params) -> np.ndarray:
        """Probabilities: one column for a binary model, one per class otherwise (as lightgbm's)."""
        matrix = np.ascontiguousarray(matrix, dtype=np.float64)
        rows, columns = matrix.shape
        out = np.empty(rows * self._classes, dtype=np.float64)
        length = ctypes.c_int64(0)
        parameters = " ".join(f"{key}={str(value).lower() if isinstance(value, bool) else value}"
                              for key, value in params.items())
        _check(_library().LGBM_BoosterPredictForMat(
            self._handle, matrix.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(C_API_DTYPE_FLOAT64),
            ctypes.c_int32(rows), ctypes.c_int32(columns), ctypes.c_int(1), ctypes.c_int(C_API_PREDICT_NORMAL),
            ctypes.c_int(0), ctypes.c_int(-1), ctypes.c_char_p(parameters.encode("utf-8")),
            ctypes.byref(length), out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))))
        if length.value != out.size:
            raise BoosterError(f"LightGBM gave {length.value} scores for {rows} rows")
        return out if self._classes == 1 else out.reshape(rows, self._classes)
