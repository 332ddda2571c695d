"""The trigger sequence labeller's marginals, computed from the weights of its CRFsuite model.

CRFsuite's tagger takes each token's attributes as strings ("l=встреча", "lp=встреча|NOUN"): for
an article, about 5,800 strings built, handed to C++ and looked up again, 3 ms of the 14 ms of
event extraction. The model file holds the weights of a linear-chain CRF, nothing more: read
once, filed by attribute template, a token's state score is a sum of rows found by dictionary
lookups on values the token already holds (its lemma, its head's lemma, ...); the marginals are
the forward-backward pass CRFsuite runs (scaled, as crf1d_context.c does), over three labels.
Training keeps CRFsuite (tasks/nlp/events/training.py) and so does any check of this module.

The file layout read here is CRFsuite's crf1d_model.c: a header, a FEAT chunk of (type, source,
target, weight) records (type 0: attribute -> label, 1: label -> label) and two CQDB dictionaries
whose backward arrays give each label's and attribute's string.
"""
from __future__ import annotations

import struct

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CHUNK = struct.Struct("<4sII")
_CQDB = struct.Struct("<4sIIIII")
_RECORD = struct.Struct("<II")
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
_CQDB_BYTE_ORDER = 0x62445371


class ChainFileError(ValueError):
    """The bytes are not a CRFsuite CRF1d model."""


def _cqdb_strings(data: bytes, offset: int) -> dict[int, str]:
    """id -> string of the CQDB dictionary at offset, through its backward array."""
    magic, _size, _flag, order, count, backward = _CQDB.unpack_from(data, offset)
    if magic != b"CQDB" or order != _CQDB_BYTE_ORDER:
        raise ChainFileError(f"no CQDB dictionary at byte {offset}")
    out = {}
    for record in np.frombuffer(data, "<u4", count, offset + backward).tolist():
        if record:
            identifier, length = _RECORD.unpack_from(data, offset + record)
            start = offset + record + _RECORD.size
            out[identifier] = data[start:start + length - 1].decode("utf-8")   # the key ends in NUL
    return out


class ChainWeights:
    """A CRF1d model's labels, transitions and per-attribute state weights.

    `attributes` maps each attribute string to its row of `state` (labels as columns); the last row
    is zeros, the row of any attribute the model does not know."""

    def __init__(self, data: bytes):
        try:
            fields = _HEADER.unpack_from(data, 0)
        except struct.error:
            raise ChainFileError("too short for a CRFsuite model") from None
        magic, _size, kind, _version, _count, label_count, attribute_count, features_at, labels_at, attributes_at = fields[:10]
        if magic != b"lCRF" or kind != b"FOMC":
            raise ChainFileError("not a CRFsuite CRF1d model")
        chunk, _chunk_size, feature_count = _CHUNK.unpack_from(data, features_at)
        if chunk != b"FEAT":
            raise ChainFileError("no feature chunk")
        labels = _cqdb_strings(data, labels_at)
        attributes = _cqdb_strings(data, attributes_at)
        if len(labels) != label_count or len(attributes) != attribute_count:
            raise ChainFileError("its dictionaries disagree with its header")
        self.labels = [labels[i] for i in range(label_count)]
        self.attributes = {name: i for i, name in attributes.items()}
        features = np.frombuffer(data, _FEATURE, feature_count, features_at + _CHUNK.size)
        state = features["type"] == 0
        self.state = np.zeros((attribute_count + 1, label_count))
        self.state[features["source"][state], features["target"][state]] = features["weight"][state]
        transition = np.zeros((label_count, label_count))
        moves = features["type"] == 1
        transition[features["source"][moves], features["target"][moves]] = features["weight"][moves]
        self.transition = transition


def marginals(scores: np.ndarray, transition: np.ndarray, positions) -> dict[int, tuple[float, float, float]]:
    """Each label's probability at each of positions, given the tokens' state scores (tokens x 3
    labels) and the 3 x 3 transition weights: the scaled forward-backward pass, written out for
    three labels (a loop over labels costs three times as much in Python)."""
    length = len(scores)
    if length == 0:
        return {}
    state = np.exp(scores).tolist()
    ((m00, m01, m02), (m10, m11, m12), (m20, m21, m22)) = np.exp(transition).tolist()
    alpha = [None] * length
    a0, a1, a2 = state[0]
    total = a0 + a1 + a2
    alpha[0] = a0, a1, a2 = a0 / total, a1 / total, a2 / total
    for t in range(1, length):
        s0, s1, s2 = state[t]
        a0, a1, a2 = (s0 * (a0 * m00 + a1 * m10 + a2 * m20), s1 * (a0 * m01 + a1 * m11 + a2 * m21),
                      s2 * (a0 * m02 + a1 * m12 + a2 * m22))
        total = a0 + a1 + a2
        alpha[t] = a0, a1, a2 = a0 / total, a1 / total, a2 / total
    beta = [None] * length
    b0 = b1 = b2 = 1.0
    beta[length - 1] = (b0, b1, b2)
    for t in range(length - 2, -1, -1):
        s0, s1, s2 = state[t + 1]
        b0, b1, b2 = s0 * b0, s1 * b1, s2 * b2
        b0, b1, b2 = (m00 * b0 + m01 * b1 + m02 * b2, m10 * b0 + m11 * b1 + m12 * b2,
                      m20 * b0 + m21 * b1 + m22 * b2)
        total = b0 + b1 + b2
        beta[t] = b0, b1, b2 = b0 / total, b1 / total, b2 / total
    out = {}
    for t in positions:
        (a0, a1, a2), (b0, b1, b2) = alpha[t], beta[t]
        j0, j1, j2 = a0 * b0, a1 * b1, a2 * b2
        total = j0 + j1 + j2
        out[t] = (j0 / total, j1 / total, j2 / total)
    return out
