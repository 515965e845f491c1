"""The few ONNX protobuf messages the encoder graph needs, written without the onnx package.

Importing onnx (its helpers and protobuf classes) costs 1.3 s a process, more than loading
the model and answering a question; every `kommunebot ask` would pay it. What a graph of
nodes, attributes and initializers needs of protobuf's wire format is a varint, a fixed32
and a length-prefixed field. tests/test_onnx_e5.py checks what this writes with onnx's own
checker and parser.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

FLOAT, INT, INTS = 1, 2, 7                                  # AttributeProto.AttributeType
DATA_TYPES = {np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int64): 7}  # TensorProto.DataType


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # int64 as protobuf writes it: a negative number as its two's complement
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _int(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _bytes(number: int, value: bytes | str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _float(number: int, value: float) -> bytes:
    return _varint(number << 3 | 5) + struct.pack("<f", value)


def attribute(name: str, value: int | float | list[int]) -> bytes:
    """An AttributeProto: an int, a float or a list of ints."""
    if isinstance(value, list):
        return _bytes(1, name) + b"".join(_int(8, v) for v in value) + _int(20, INTS)
    if isinstance(value, float):
        return _bytes(1, name) + _float(2, value) + _int(20, FLOAT)
    return _bytes(1, name) + _int(3, value) + _int(20, INT)


def tensor(name: str, array: np.ndarray) -> bytes:
    """A TensorProto holding `array` as raw little-endian bytes."""
    a = np.ascontiguousarray(array)
    return (b"".join(_int(1, d) for d in a.shape) + _int(2, DATA_TYPES[a.dtype]) + _bytes(8, name)
            + _bytes(9, a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()))


def value_info(name: str, dims: list[int | str], elem_type: int = 1) -> bytes:
    """A ValueInfoProto of a tensor; a str dimension is named (the batch, the tokens), an int fixed."""
    shape = b"".join(_bytes(1, _int(1, d) if isinstance(d, int) else _bytes(2, d)) for d in dims)
    return _bytes(1, name) + _bytes(2, _bytes(1, _int(1, elem_type) + _bytes(2, shape)))


@dataclass
class Graph:
    """Nodes and initializers, added in order; `model()` serialises the ModelProto."""

    name: str
    nodes: list[bytes] = field(default_factory=list)
    initializers: list[bytes] = field(default_factory=list)

    def const(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(_bytes(5, tensor(name, array)))
        return name

    def node(self, op: str, inputs: list[str], output: str | list[str], domain: str = "",
             **attrs: int | float | list[int]) -> str:
        """Add a node; its name is its (first) output's, which is returned."""
        outputs = [output] if isinstance(output, str) else output
        body = (b"".join(_bytes(1, i) for i in inputs) + b"".join(_bytes(2, o) for o in outputs)
                + _bytes(3, outputs[0]) + _bytes(4, op)
                + b"".join(_bytes(5, attribute(k, v)) for k, v in attrs.items())
                + (_bytes(7, domain) if domain else b""))
        self.nodes.append(_bytes(1, body))
        return outputs[0]

    def model(self, inputs: list[bytes], outputs: list[bytes], opsets: dict[str, int], ir_version: int) -> bytes:
        graph = (b"".join(self.nodes) + _bytes(2, self.name) + b"".join(self.initializers)
                 + b"".join(_bytes(11, i) for i in inputs) + b"".join(_bytes(12, o) for o in outputs))
        imports = b"".join(_bytes(8, (_bytes(1, d) if d else b"") + _int(2, v)) for d, v in opsets.items())
        return _int(1, ir_version) + _bytes(2, "kommunebot") + _bytes(7, graph) + imports
