"""A fast FIT reader for activity files that gives exactly the numbers fitdecode gives, or refuses.

What it reads (the values :mod:`hipcoach.importers.fit` needs, rendered the way fitdecode renders them):

- ``file_id.type`` (the first one that is set), every ``session``'s ``timestamp`` / ``start_time`` /
  ``sport`` / ``sub_sport`` / ``total_elapsed_time`` / ``total_timer_time`` / ``total_distance``, the first
  ``sport`` message, the last ``activity``'s ``timestamp`` / ``local_timestamp``, the first and last
  ``timestamp`` of all messages;
- the ``record`` messages as numpy arrays: timestamp (FIT seconds), distance (m), speed (m/s,
  ``enhanced_speed`` where set, else ``speed``), heart rate, cadence, position (degrees); NaN where a value is
  absent or invalid.

How it is fast: one pass in Python over the message headers; consecutive record messages of one definition
(the usual case) are recognised with a strided numpy comparison of their header bytes and read as one
zero-copy structured-array view; compressed-timestamp runs are resolved with a cumulative sum. The file CRC is
computed with a lane-parallel numpy CRC-16. Memory is a few float arrays per record, no Python object per
record.

Chained FIT files (several header / data / CRC blocks, as Garmin watches write) are read like fitdecode reads
them: definitions, developer types and timestamp state start afresh in each block.

What it refuses (raising :class:`FastFitUnsupported`, so the caller hands the file to fitdecode):

- anything but a 12/14-byte ``.FIT`` header; a header or file CRC mismatch; truncation or trailing bytes;
- a message that runs past the data; data for an undefined local type; a field of size 0 or defined twice;
- a field it reads that is not one integer of up to 32 bits (arrays, floats, strings, 64-bit values);
- layouts where fitdecode's own processing could fail or differ and this reader does not mirror it: time
  fields that are not unsigned integers, components on float or array fields, ``compressed_speed_distance``,
  a compressed-timestamp header on a message that also has a timestamp field, hr messages whose event
  timestamps fitdecode would fail on, malformed developer metadata, developer fields whose size does not fit
  their type, and developer fields named like a field it reads.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from fitdecode import profile as _profile

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z as a Unix time
FIT_DATETIME_MIN = 0x10000000  # below: relative (system) times, not dates
SEMICIRCLE_DEG = 180.0 / 2**31

RECORD, SESSION, SPORT, ACTIVITY, FILE_ID, HR = 20, 18, 12, 34, 0, 132
FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 206, 207
TIMESTAMP = 253


class FastFitUnsupported(Exception):
    """The fast reader does not handle this file (the message says why); use the reference decoder."""


# base type id -> (size, struct code, invalid value or None for NaN/none, numpy kind)
_BASE: dict[int, tuple[int, str, int | None]] = {
    0x00: (1, "B", 0xFF),
    0x01: (1, "b", 0x7F),
    0x02: (1, "B", 0xFF),
    0x83: (2, "h", 0x7FFF),
    0x84: (2, "H", 0xFFFF),
    0x85: (4, "i", 0x7FFFFFFF),
    0x86: (4, "I", 0xFFFFFFFF),
    0x07: (1, "s", None),
    0x88: (4, "f", None),
    0x89: (8, "d", None),
    0x0A: (1, "B", 0),
    0x8B: (2, "H", 0),
    0x8C: (4, "I", 0),
    0x0D: (1, "B", None),
    0x8E: (8, "q", 0x7FFFFFFFFFFFFFFF),
    0x8F: (8, "Q", 0xFFFFFFFFFFFFFFFF),
    0x90: (8, "Q", 0),
}
_BYTE, _STRING = 0x0D, 0x07
_INTS32 = frozenset({0x00, 0x01, 0x02, 0x83, 0x84, 0x85, 0x86, 0x0A, 0x8B, 0x8C})
_UINTS32 = frozenset({0x00, 0x02, 0x84, 0x86, 0x0A, 0x8B, 0x8C})
_ALL_INTS = _INTS32 | {0x8E, 0x8F, 0x90}
_NUMPY = {"B": "u1", "b": "i1", "H": "u2", "h": "i2", "I": "u4", "i": "i4"}

# the fields this reader decodes, per global message number
_RECORD_FIELDS = {253: "timestamp", 5: "distance", 6: "speed", 73: "enhanced_speed", 3: "heart_rate"}
_RECORD_FIELDS |= {4: "cadence", 0: "position_lat", 1: "position_long"}
_READ: dict[int, frozenset[int]] = {
    FILE_ID: frozenset({0}),
    SESSION: frozenset({253, 2, 5, 6, 7, 8, 9}),
    SPORT: frozenset({0, 1}),
    ACTIVITY: frozenset({253, 5}),
    RECORD: frozenset(_RECORD_FIELDS),
    DEVELOPER_DATA_ID: frozenset({3}),
    FIELD_DESCRIPTION: frozenset({0, 1, 2}),
}
# names a developer field must not take (it would stand in for an absent field this reader reads)
_SHADOWED = frozenset(
    {
        "timestamp",
        "type",
        "sport",
        "sub_sport",
        "start_time",
        "total_elapsed_time",
        "total_timer_time",
        "total_distance",
        "distance",
        "local_timestamp",
        "speed",
        "enhanced_speed",
        "heart_rate",
        "cadence",
        "position_lat",
        "position_long",
        "developer_data_index",
        "field_definition_number",
        "fit_base_type_id",
        "field_name",
    }
)
_TIME_TYPES = frozenset({"date_time", "local_date_time", "localtime_into_day"})


def _timestamp_fields() -> dict[int, int]:
    """global message number -> the field number fitdecode names ``timestamp`` (a ``date_time``)."""
    found: dict[int, int] = {}
    for number, message in _profile.MESSAGE_TYPES.items():
        for field_number, item in message.fields.items():
            if item.name == "timestamp" and item.type.name == "date_time":
                found.setdefault(number, field_number)
    return found


_TS_FIELD = _timestamp_fields()


@dataclass(frozen=True)
class _Rule:
    time_like: bool  # fitdecode's processor converts it as a date / time of day
    components: bool  # fitdecode expands components from it
    refuse: bool  # never handled here


_RULES: dict[tuple[int, int], _Rule] = {}


def _rule(global_num: int, field_num: int) -> _Rule:
    key = (global_num, field_num)
    rule = _RULES.get(key)
    if rule is None:
        message = _profile.MESSAGE_TYPES.get(global_num)
        item = message.fields.get(field_num) if message is not None else None
        if item is None:
            rule = _Rule(False, False, False)
        else:
            variants = [item, *(item.subfields or [])]
            time_like = any(v.type.name in _TIME_TYPES for v in variants)
            components = any(v.components for v in variants)
            refuse = global_num == RECORD and field_num == 8
            rule = _Rule(time_like, components, refuse)
        _RULES[key] = rule
    return rule


# ----------------------------------------------------------------------------------------------- CRC-16


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()
_CRC_TABLE_NP = np.array(_CRC_TABLE, dtype=np.uint16)
_LANE = 64  # bytes per lane of the parallel CRC
# level j: the images of the 16 unit vectors after _LANE * 2**j zero bytes
_SHIFT_COLUMNS: list[list[int]] = []


def _crc_py(data: bytes | memoryview, crc: int = 0) -> int:
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _apply(columns: list[int], value: int) -> int:
    out = 0
    bit = 0
    while value:
        if value & 1:
            out ^= columns[bit]
        value >>= 1
        bit += 1
    return out


def _shift_columns(level: int) -> list[int]:
    while len(_SHIFT_COLUMNS) <= level:
        if not _SHIFT_COLUMNS:
            columns = []
            for bit in range(16):
                crc = 1 << bit
                for _ in range(_LANE):
                    crc = (crc >> 8) ^ _CRC_TABLE[crc & 0xFF]
                columns.append(crc)
        else:
            last = _SHIFT_COLUMNS[-1]
            columns = [_apply(last, c) for c in last]
        _SHIFT_COLUMNS.append(columns)
    return _SHIFT_COLUMNS[level]


def crc16(data: bytes | memoryview) -> int:
    """CRC-16/ARC as FIT uses it (initial value 0), lane-parallel with numpy for larger inputs.

    With an initial value of 0 the CRC is linear: leading zero bytes leave it unchanged, and the CRC of
    ``A + B`` is the CRC of ``A`` carried through ``len(B)`` zero bytes, XOR the CRC of ``B``.
    """
    size = len(data)
    if size < 2048:
        return _crc_py(data)
    lanes = 1 << max(0, math.ceil(math.log2(math.ceil(size / _LANE))))
    padded = np.zeros(lanes * _LANE, dtype=np.uint8)
    padded[lanes * _LANE - size :] = np.frombuffer(data, dtype=np.uint8)
    columns_major = np.ascontiguousarray(padded.reshape(lanes, _LANE).T).astype(np.intp)
    crc = np.zeros(lanes, dtype=np.intp)
    table = _CRC_TABLE_NP.astype(np.intp)
    for row in columns_major:
        crc = (crc >> 8) ^ table[(crc ^ row) & 0xFF]
    level = 0
    while crc.shape[0] > 1:
        columns = _shift_columns(level)
        high, low = crc[0::2], crc[1::2]
        shifted = np.zeros_like(high)
        for bit in range(16):
            shifted ^= ((high >> bit) & 1) * columns[bit]
        crc = shifted ^ low
        level += 1
    return int(crc[0])


# ----------------------------------------------------------------------------------------------- results


@dataclass
class RecordArrays:
    """One entry per ``record`` message, in file order; NaN where absent or invalid."""

    timestamp: np.ndarray  # FIT seconds (since 1989-12-31 UTC), float64
    distance: np.ndarray  # m
    speed: np.ndarray  # m/s: enhanced_speed where set, else speed
    heart_rate: np.ndarray  # bpm
    cadence: np.ndarray  # rpm / spm as recorded
    position_lat: np.ndarray  # degrees
    position_long: np.ndarray  # degrees

    def __len__(self) -> int:
        return int(self.timestamp.shape[0])


@dataclass
class FastFit:
    file_type: object = None  # file_id.type as fitdecode renders it ("activity", an int, None)
    sessions: list[dict[str, Any]] = field(default_factory=list)  # fitdecode field names -> values
    sport: tuple[object, object] | None = None  # the first sport message's (sport, sub_sport)
    first_time: int | None = None  # FIT seconds, over every message's timestamp
    last_time: int | None = None
    max_distance: float | None = None  # the records' largest non-negative distance
    activity_time: datetime | None = None  # the last activity message's timestamp
    local_time: datetime | None = None  # naive; the last activity local_timestamp that is set
    records: RecordArrays | None = None


# ----------------------------------------------------------------------------------------------- decoding


class _Def:
    __slots__ = (
        "global_num",
        "size",
        "endian",
        "kind",
        "ts",
        "acc",
        "read",
        "dtype",
        "record_fields",
        "name_field",
        "hr_plan",
    )

    def __init__(self) -> None:
        self.global_num = 0
        self.size = 0  # the data message's size, its header byte included
        self.endian = "<"
        self.kind = 0  # 0: skip (timestamps only), 1: record, 2: read fields
        # (offset, struct, invalid) of the field fitdecode names "timestamp", and of field 253 (the
        # compressed-timestamp accumulator)
        self.ts: tuple[int, struct.Struct, int | None] | None = None
        self.acc: tuple[int, struct.Struct, int | None] | None = None
        self.read: list[tuple[int, int, struct.Struct, int | None]] = []  # (field, offset, struct, invalid)
        self.dtype: np.dtype[Any] | None = None
        self.record_fields: dict[int, int | None] = {}  # field number -> invalid value
        self.name_field: tuple[int, int] | None = None  # field_description.field_name: (offset, size)
        # hr messages with event_timestamp_12: fitdecode's steps that can fail, in field order (see _check_hr)
        self.hr_plan: list[tuple[int, int, int, struct.Struct | None, int | None]] | None = None


def _unsupported(why: str) -> FastFitUnsupported:
    return FastFitUnsupported(why)


def _parse_definition(
    data: bytes, p: int, end: int, header: int, dev_types: dict[int, dict[int, int]]
) -> tuple[_Def, int]:
    if p + 6 > end:
        raise _unsupported("a definition runs past the data")
    endian = ">" if data[p + 2] else "<"
    (global_num,) = struct.unpack_from(endian + "H", data, p + 3)
    count = data[p + 5]
    q = p + 6
    if q + 3 * count > end:
        raise _unsupported("a definition runs past the data")
    definition = _Def()
    definition.global_num = global_num
    definition.endian = endian
    kind = 1 if global_num == RECORD else 2 if global_num in _READ else 0
    definition.kind = kind
    wanted = _READ.get(global_num, frozenset())
    ts_field = _TS_FIELD.get(global_num)
    offset = 1
    seen: set[int] = set()
    dtype_names: list[str] = ["header"]
    dtype_formats: list[str] = ["u1"]
    dtype_offsets: list[int] = [0]
    hr_steps: list[tuple[int, int, int, struct.Struct | None, int | None]] = []
    for _ in range(count):
        number, size, base = data[q], data[q + 1], data[q + 2]
        q += 3
        if size == 0:
            raise _unsupported("a field of size 0")
        if number in seen:
            raise _unsupported("a field defined twice")
        seen.add(number)
        spec = _BASE.get(base)
        if spec is None or size % spec[0]:
            base = _BYTE  # what fitdecode falls back to
            spec = _BASE[_BYTE]
        scalar = size == spec[0] and base not in (_BYTE, _STRING)
        rule = _rule(global_num, number)
        if rule.refuse:
            raise _unsupported(f"field {number} of message {global_num} is not handled")
        if (rule.time_like or number == TIMESTAMP) and not (scalar and base in _UINTS32):
            raise _unsupported(f"time field {number} of message {global_num} is not an unsigned integer")
        if rule.components and not ((scalar and base in _ALL_INTS) or base == _BYTE):
            raise _unsupported(f"field {number} of message {global_num} expands components oddly")
        if number in wanted and not (scalar and base in _INTS32):
            raise _unsupported(f"field {number} of message {global_num} has a layout not handled")
        if global_num == FIELD_DESCRIPTION and number == 3 and base == _STRING:
            definition.name_field = (offset, size)
        if global_num == HR and number in (9, 10, TIMESTAMP):
            hr_steps.append(
                (number, offset, size, struct.Struct(endian + spec[1]) if scalar else None, spec[2])
            )
            if number == 10 and base != _BYTE:
                raise _unsupported("hr event_timestamp_12 that is not a byte array")
            if number == 9 and not (scalar and base in _UINTS32):
                raise _unsupported("hr event_timestamp that is not one unsigned integer")
        if scalar:
            code, invalid = spec[1], spec[2]
            if number == ts_field:
                definition.ts = (offset, struct.Struct(endian + code), invalid)
            if number == TIMESTAMP:
                definition.acc = (offset, struct.Struct(endian + code), invalid)
            if number in wanted:
                if kind == 1:
                    dtype_names.append(f"f{number}")
                    dtype_formats.append(endian + _NUMPY[code])
                    dtype_offsets.append(offset)
                    definition.record_fields[number] = invalid
                else:
                    definition.read.append((number, offset, struct.Struct(endian + code), invalid))
        offset += size
    if header & 0x20:
        if q + 1 > end:
            raise _unsupported("a definition runs past the data")
        dev_count = data[q]
        q += 1
        if q + 3 * dev_count > end:
            raise _unsupported("a definition runs past the data")
        for _ in range(dev_count):
            number, size, index = data[q], data[q + 1], data[q + 2]
            q += 3
            if number == TIMESTAMP:
                raise _unsupported("a developer field numbered like the timestamp")
            described = dev_types.setdefault(index, {})  # fitdecode adds a stand-in type
            base_size = described.setdefault(number, 1)  # and a stand-in BYTE field
            if size == 0 or size % base_size:
                raise _unsupported("a developer field whose size does not fit its type")
            offset += size
    definition.size = offset
    if any(step[0] in (9, 10) for step in hr_steps):
        definition.hr_plan = hr_steps
    if kind == 1:
        definition.dtype = np.dtype(
            {"names": dtype_names, "formats": dtype_formats, "offsets": dtype_offsets, "itemsize": offset}
        )
    return definition, q


def _parse_string(raw: bytes) -> str | None:
    cut = raw.find(b"\0")
    if cut >= 0:
        raw = raw[:cut]
    return raw.decode("utf-8", errors="replace") or None


def _render(global_num: int, number: int, raw: int | None) -> object:
    """A field's value as fitdecode's default processing gives it."""
    if raw is None:
        return None
    item = _profile.MESSAGE_TYPES[global_num].fields[number]
    enum = item.type.enum
    value: object = raw
    if enum and raw in enum:
        return enum[raw]
    if item.scale:
        value = float(raw) / item.scale
    if item.offset:
        value = value - item.offset
    type_name = item.type.name
    if type_name == "date_time":
        if raw >= FIT_DATETIME_MIN:
            return datetime.fromtimestamp(FIT_EPOCH_S + raw, tz=UTC)
    elif type_name == "local_date_time":
        return datetime.fromtimestamp(FIT_EPOCH_S + raw, tz=UTC)
    return value


def _as_time(value: int | None) -> datetime | None:
    if value is None or value < FIT_DATETIME_MIN:
        return None
    return datetime.fromtimestamp(FIT_EPOCH_S + value, tz=UTC)


_GALLOP_FIRST = 16
_GALLOP_MAX = 1 << 16


def _run_length(arr: np.ndarray, p: int, stride: int, most: int, mask: int, target: int) -> int:
    """How many messages from ``p`` (one every ``stride`` bytes, at most ``most``) have the same header."""
    n = 1
    chunk = _GALLOP_FIRST
    while n < most:
        take = min(chunk, most - n)
        start = p + n * stride
        heads = arr[start : start + take * stride : stride]
        same = (heads & mask) == target if mask != 0xFF else heads == target
        if same.all():
            n += take
            chunk = min(chunk * 4, _GALLOP_MAX)
        else:
            n += int(same.argmin())
            break
    return n


# consecutive record messages of one definition: (definition, offset, count, index of the first record,
# timestamps from compressed headers: an array, an int for one message, or None)
_Run = tuple[_Def, int, int, int, "np.ndarray | int | None"]


class _Walk:
    """What carries over from one FIT file of a chain to the next (fitdecode resets the rest per file)."""

    def __init__(self, data: bytes) -> None:
        self.result = FastFit()
        self.arr = np.frombuffer(data, dtype=np.uint8)
        self.first: int | None = None
        self.last: int | None = None
        self.runs: list[_Run] = []
        self.n_records = 0


def decode(data: bytes) -> FastFit:
    """Decode a FIT activity file (chained FIT files included), or raise :class:`FastFitUnsupported`."""
    size = len(data)
    if size < 14:
        raise _unsupported("too short for a FIT file")
    walk = _Walk(data)
    start = 0
    while start < size:
        if size - start < 14:
            raise _unsupported("trailing bytes after the FIT data")
        header_size = data[start]
        if header_size not in (12, 14) or data[start + 8 : start + 12] != b".FIT":
            raise _unsupported("not a plain FIT header")
        (data_size,) = struct.unpack_from("<I", data, start + 4)
        end = start + header_size + data_size
        if end + 2 > size:
            raise _unsupported("the file is shorter than its header says (truncated)")
        if header_size == 14:
            (header_crc,) = struct.unpack_from("<H", data, start + 12)
            if header_crc and header_crc != _crc_py(data[start : start + 12]):
                raise _unsupported("header CRC mismatch")
        (file_crc,) = struct.unpack_from("<H", data, end)
        if crc16(memoryview(data)[start:end]) != file_crc:
            raise _unsupported("file CRC mismatch")
        _walk(data, start + header_size, end, walk)
        start = end + 2
    return _finish(walk)


def _finish(walk: _Walk) -> FastFit:
    result = walk.result
    first, last = walk.first, walk.last
    result.records = _record_arrays(walk.runs, walk.n_records, walk.arr)
    stamps_all = result.records.timestamp
    dated = stamps_all[stamps_all >= FIT_DATETIME_MIN]
    if dated.shape[0]:
        low, high = int(dated.min()), int(dated.max())
        first = low if first is None else min(first, low)
        last = high if last is None else max(last, high)
    distances = result.records.distance
    reached = distances[distances >= 0]
    if reached.shape[0]:
        result.max_distance = float(reached.max())
    result.first_time, result.last_time = first, last
    return result


def _walk(data: bytes, p: int, end: int, walk: _Walk) -> None:
    result = walk.result
    arr = walk.arr
    defs: dict[int, _Def] = {}
    dev_types: dict[int, dict[int, int]] = {}
    acc = 0  # the compressed-timestamp accumulator (fitdecode's, raw FIT seconds)
    last_ts = 0  # the last timestamp field read (compressed headers aside), for hr messages
    hr_start = 0  # fitdecode's start of hr event timestamps
    first, last = walk.first, walk.last
    runs = walk.runs
    n_records = walk.n_records
    while p < end:
        h = data[p]
        if h & 0x80:
            compressed = True
            local = (h >> 5) & 0x3
        elif h & 0x40:
            definition, p = _parse_definition(data, p, end, h, dev_types)
            defs[h & 0x0F] = definition
            continue
        else:
            compressed = False
            local = h & 0x0F
        d = defs.get(local)
        if d is None:
            raise _unsupported(f"data for the undefined local message {local}")
        stride = d.size
        if p + stride > end:
            raise _unsupported("a message runs past the data")
        if compressed and (d.acc is not None or d.ts is not None):
            raise _unsupported("a compressed-timestamp message that also holds a timestamp field")
        if d.hr_plan is not None:
            hr_start = _check_hr(data, p, d.hr_plan, last_ts, hr_start)
        if d.kind == 1:
            follows = p + 2 * stride <= end
            stamps: np.ndarray | int | None = None
            if compressed:
                if follows and (data[p + stride] & 0xE0) == (h & 0xE0):
                    count = _run_length(arr, p, stride, (end - p) // stride, 0xE0, h & 0xE0)
                    offsets = (arr[p : p + count * stride : stride] & 0x1F).astype(np.int64)
                    previous = np.empty_like(offsets)
                    previous[0] = acc & 0x1F
                    previous[1:] = offsets[:-1]
                    stamps = acc + np.cumsum((offsets - previous) & 0x1F)
                    acc = int(stamps[-1])
                else:
                    count = 1
                    offset = h & 0x1F
                    acc = offset + (acc & ~0x1F) + (0x20 if offset < (acc & 0x1F) else 0)
                    stamps = acc
            elif follows and data[p + stride] == h:
                count = _run_length(arr, p, stride, (end - p) // stride, 0xFF, h)
            else:
                count = 1
            if d.acc is not None:
                at, unpacker, invalid = d.acc
                (final,) = unpacker.unpack_from(data, p + (count - 1) * stride + at)
                if final != invalid:
                    acc = last_ts = final
                elif count > 1:
                    column = np.ndarray(
                        (count,), dtype=unpacker.format, buffer=data, offset=p + at, strides=(stride,)
                    )
                    valid = column[column != invalid]
                    if valid.shape[0]:
                        acc = last_ts = int(valid[-1])
            runs.append((d, p, count, n_records, stamps))
            n_records += count
            p += count * stride
            continue
        when: int | None = None
        if compressed:
            offset = h & 0x1F
            when = offset + (acc & ~0x1F)
            if offset < (acc & 0x1F):
                when += 0x20
            acc = when
        else:
            if d.acc is not None:
                at, unpacker, invalid = d.acc
                (raw,) = unpacker.unpack_from(data, p + at)
                if raw != invalid:
                    acc = last_ts = raw
            if d.ts is not None:
                at, unpacker, invalid = d.ts
                (raw,) = unpacker.unpack_from(data, p + at)
                when = None if raw == invalid else raw
        if when is not None and when >= FIT_DATETIME_MIN:
            if first is None or when < first:
                first = when
            if last is None or when > last:
                last = when
        if d.kind == 2:
            _read_message(data, p, d, when, result, dev_types)
        p += stride
    if p != end:
        raise _unsupported("the last message runs past the data")
    walk.first, walk.last, walk.n_records = first, last, n_records


def _check_hr(
    data: bytes,
    p: int,
    plan: list[tuple[int, int, int, struct.Struct | None, int | None]],
    last_ts: int,
    start: int,
) -> int:
    """Refuse an hr message that fitdecode would fail on; return fitdecode's new hr start timestamp.

    fitdecode adds its hr start timestamp (the last timestamp read when an ``event_timestamp`` field is
    read) to each event_timestamp_12 component, asserting that it is set, and fails on an all-invalid byte
    array; it then turns every ``event_timestamp`` into a date, failing on an invalid one.
    """
    for number, at, size, unpacker, invalid in plan:
        if number == TIMESTAMP:
            assert unpacker is not None
            (raw,) = unpacker.unpack_from(data, p + at)
            if raw != invalid:
                last_ts = raw
        elif number == 9:
            assert unpacker is not None
            (raw,) = unpacker.unpack_from(data, p + at)
            if raw == invalid:
                raise _unsupported("an hr message with an invalid event_timestamp")
            start = last_ts
        else:
            chunk = data[p + at : p + at + size]
            if chunk.count(0xFF) == size:
                raise _unsupported("an hr message with an invalid event_timestamp_12")
            if start <= 0:
                raise _unsupported("an hr message with event_timestamp_12 before any event_timestamp")
    return start


def _read_message(
    data: bytes, p: int, d: _Def, when: int | None, result: FastFit, dev_types: dict[int, dict[int, int]]
) -> None:
    raw: dict[int, int | None] = {}
    for number, at, unpacker, invalid in d.read:
        (value,) = unpacker.unpack_from(data, p + at)
        raw[number] = None if value == invalid else value
    g = d.global_num
    if g == FILE_ID:
        if result.file_type is None:
            result.file_type = _render(g, 0, raw.get(0))
    elif g == SESSION:
        values: dict[str, Any] = {"timestamp": _render(g, 253, when)}
        for number, name in (
            (2, "start_time"),
            (5, "sport"),
            (6, "sub_sport"),
            (7, "total_elapsed_time"),
            (8, "total_timer_time"),
            (9, "total_distance"),
        ):
            values[name] = _render(g, number, raw.get(number))
        result.sessions.append(values)
    elif g == SPORT:
        if result.sport is None:
            result.sport = (_render(g, 0, raw.get(0)), _render(g, 1, raw.get(1)))
    elif g == ACTIVITY:
        result.activity_time = _as_time(when)
        local = raw.get(5)
        if local is not None:
            result.local_time = datetime.fromtimestamp(FIT_EPOCH_S + local, tz=UTC).replace(tzinfo=None)
    elif g == DEVELOPER_DATA_ID:
        data_index = raw.get(3)
        if data_index is None:
            raise _unsupported("developer data id without its index")
        dev_types[data_index] = {}
    elif g == FIELD_DESCRIPTION:
        described, field_num, base = raw.get(0), raw.get(1), raw.get(2)
        if described is None or field_num is None or described not in dev_types:
            raise _unsupported("a developer field description fitdecode would not accept")
        spec = _BASE.get(_BYTE if base is None else base)
        if spec is None:
            raise _unsupported("a developer field of an unknown base type")
        dev_name = _description_name(data, p, d)
        if dev_name in _SHADOWED:
            raise _unsupported(f"a developer field named {dev_name!r}")
        dev_types[described][field_num] = spec[0]


def _description_name(data: bytes, p: int, d: _Def) -> str | None:
    """The ``field_name`` (field 3) of a field_description message, when it is a string."""
    if d.name_field is None:
        return None
    at, size = d.name_field
    return _parse_string(data[p + at : p + at + size])


def _record_arrays(runs: list[_Run], total: int, arr: np.ndarray) -> RecordArrays:
    out = {name: np.full(total, np.nan) for name in _RECORD_FIELDS.values()}
    by_def: dict[int, list[_Run]] = {}
    for run in runs:
        by_def.setdefault(id(run[0]), []).append(run)
    timestamps = out["timestamp"]
    for group in by_def.values():
        d = group[0][0]
        assert d.dtype is not None
        stride = d.size
        if len(group) == 1:
            _d, p, count, start, _stamps = group[0]
            table = np.frombuffer(arr, dtype=d.dtype, count=count, offset=p)
            where: np.ndarray | slice = slice(start, start + count)
        else:
            positions = np.array([run[1] for run in group], dtype=np.int64)
            counts = np.array([run[2] for run in group], dtype=np.int64)
            starts = np.array([run[3] for run in group], dtype=np.int64)
            before = np.cumsum(counts) - counts
            steps = np.arange(int(counts.sum()), dtype=np.int64)
            messages = np.repeat(positions - before * stride, counts) + steps * stride
            rows = arr[messages[:, None] + np.arange(stride, dtype=np.int64)]
            table = rows.view(d.dtype)[:, 0]
            where = np.repeat(starts - before, counts) + steps
        for number, invalid in d.record_fields.items():
            column = table[f"f{number}"]
            values = column.astype(np.float64)
            values[column == invalid] = np.nan
            if number == 5:
                values /= 100.0
            elif number in (6, 73):
                values /= 1000.0
            elif number in (0, 1):
                values *= SEMICIRCLE_DEG
            out[_RECORD_FIELDS[number]][where] = values
        for _d, _p, count, start, stamps in group:
            if stamps is not None:
                timestamps[start : start + count] = stamps
    speed = out.pop("enhanced_speed")
    fallback = out["speed"]
    speed = np.where(np.isnan(speed), fallback, speed)
    return RecordArrays(
        timestamp=timestamps,
        distance=out["distance"],
        speed=speed,
        heart_rate=out["heart_rate"],
        cadence=out["cadence"],
        position_lat=out["position_lat"],
        position_long=out["position_long"],
    )
