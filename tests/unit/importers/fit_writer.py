"""A tiny FIT encoder for test fixtures (the Garmin FIT SDK for Python only decodes).

Enough of the protocol to write realistic activity files: the 12- or 14-byte header with its CRC, definition
and data messages (little or big endian), developer data fields, compressed-timestamp record headers and the
file CRC. ``corpus_fit`` writes the variety real watches write (for the fast reader's differential tests).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

# base types: id -> (struct code, size)
ENUM, SINT8, UINT8, SINT16, UINT16, SINT32, UINT32, STRING, UINT8Z, UINT16Z, UINT32Z, BYTE = (
    0x00,
    0x01,
    0x02,
    0x83,
    0x84,
    0x85,
    0x86,
    0x07,
    0x0A,
    0x8B,
    0x8C,
    0x0D,
)
_CODES = {
    ENUM: "B",
    SINT8: "b",
    UINT8: "B",
    SINT16: "h",
    UINT16: "H",
    SINT32: "i",
    UINT32: "I",
    UINT8Z: "B",
    UINT16Z: "H",
    UINT32Z: "I",
}

# global message numbers
FILE_ID, SPORT, SESSION, LAP, RECORD, EVENT, ACTIVITY, HRV = 0, 12, 18, 19, 20, 21, 34, 78
FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 206, 207

# enums
SPORT_RUNNING, SPORT_CYCLING, SPORT_SWIMMING, SPORT_WALKING = 1, 2, 5, 11
SUB_GENERIC, SUB_TREADMILL, SUB_TRAIL = 0, 1, 3
FILE_ACTIVITY, FILE_COURSE = 4, 6


def _byte_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _byte_table()


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16/ARC (reflected 0x8005, initial value 0), as the FIT SDK computes it; byte-table driven."""
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def fit_time(when: datetime) -> int:
    return int((when - FIT_EPOCH).total_seconds())


@dataclass
class _Definition:
    fields: list[tuple[int, int, int]]  # (field number, size, base type)
    dev_fields: list[tuple[int, int, int]]  # (field number, size, developer data index)
    endian: str = "<"


@dataclass
class FitWriter:
    body: bytearray = field(default_factory=bytearray)
    definitions: dict[int, _Definition] = field(default_factory=dict)

    def define(
        self,
        local: int,
        global_num: int,
        fields: list[tuple[int, int] | tuple[int, int, int]],
        dev_fields: Sequence[tuple[int, int, int]] = (),
        big_endian: bool = False,
    ) -> FitWriter:
        """``fields``: (number, base type) or (number, base type, size) for strings and arrays."""
        endian = ">" if big_endian else "<"
        resolved: list[tuple[int, int, int]] = []
        for spec in fields:
            number, base = spec[0], spec[1]
            size = spec[2] if len(spec) == 3 else struct.calcsize("<" + _CODES[base])
            resolved.append((number, size, base))
        header = 0x40 | (0x20 if dev_fields else 0) | local
        self.body += struct.pack("<BBB", header, 0, 1 if big_endian else 0)
        self.body += struct.pack(endian + "HB", global_num, len(resolved))
        for number, size, base in resolved:
            self.body += struct.pack("<BBB", number, size, base)
        if dev_fields:
            self.body += struct.pack("<B", len(dev_fields))
            for number, size, index in dev_fields:
                self.body += struct.pack("<BBB", number, size, index)
        self.definitions[local] = _Definition(resolved, list(dev_fields), endian)
        return self

    def _values(self, local: int, values: list[object], dev_values: Sequence[bytes]) -> bytes:
        definition = self.definitions[local]
        assert len(values) == len(definition.fields), "one value per field"
        out = bytearray()
        for value, (_number, size, base) in zip(values, definition.fields, strict=True):
            if base in (STRING, BYTE):
                assert isinstance(value, str | bytes), "strings and byte arrays take str or bytes"
                raw = value.encode() if isinstance(value, str) else value
                out += raw[:size].ljust(size, b"\0")
            else:
                code = _CODES[base]
                count = size // struct.calcsize("<" + code)
                items: Sequence[object] = value if isinstance(value, list | tuple) else [value]
                assert len(items) == count
                out += struct.pack(definition.endian + code * count, *items)
        for raw, (_number, size, _index) in zip(dev_values, definition.dev_fields, strict=True):
            out += raw[:size].ljust(size, b"\0")
        return bytes(out)

    def data(self, local: int, values: list[object], dev_values: Sequence[bytes] = ()) -> FitWriter:
        self.body += bytes([local & 0x0F]) + self._values(local, values, list(dev_values))
        return self

    def compressed(self, local: int, time_offset: int, values: list[object]) -> FitWriter:
        """A data message with a compressed timestamp header (local types 0-3, offset 0-31)."""
        self.body += bytes([0x80 | ((local & 0x3) << 5) | (time_offset & 0x1F)]) + self._values(
            local, values, []
        )
        return self

    def build(self, bad_crc: bool = False, header_size: int = 14, header_crc: bool = True) -> bytes:
        header = struct.pack("<BBHI4s", header_size, 0x20, 2132, len(self.body), b".FIT")
        if header_size == 14:
            header += struct.pack("<H", crc16(header) if header_crc else 0)
        file_crc = crc16(bytes(self.body), crc16(header))
        if bad_crc:
            file_crc ^= 0xFFFF
        return header + bytes(self.body) + struct.pack("<H", file_crc)


def activity_fit(
    start: datetime,
    *,
    sport: int = SPORT_RUNNING,
    sub_sport: int = SUB_GENERIC,
    seconds: int = 1800,
    timer_seconds: int | None = None,
    distance_m: float = 5000.0,
    with_session: bool = True,
    with_sport_message: bool = False,
    gps: bool = True,
    laps: int = 1,
    developer_fields: bool = False,
    hrv: bool = False,
    compressed_timestamps: bool = False,
    local_offset_s: int | None = 3600,
    file_type: int = FILE_ACTIVITY,
    record_every_s: int = 10,
) -> bytes:
    """A plausible activity: file_id, records, laps, session, activity, optional extras."""
    w = FitWriter()
    t0 = fit_time(start)
    w.define(0, FILE_ID, [(0, ENUM), (1, UINT16), (2, UINT16), (3, UINT32Z), (4, UINT32)])
    w.data(0, [file_type, 1, 2697, 123456789, t0])
    if developer_fields:
        w.define(1, DEVELOPER_DATA_ID, [(1, BYTE, 16), (3, UINT8)])
        w.data(1, [bytes(range(16)), 0])
        w.define(2, FIELD_DESCRIPTION, [(0, UINT8), (1, UINT8), (2, UINT8), (3, STRING, 16), (8, STRING, 8)])
        w.data(2, [0, 0, UINT16, "running_power", "watts"])
        w.data(2, [0, 1, UINT8, "leg_spring", "kN/m"])
    if with_sport_message:
        w.define(3, SPORT, [(0, ENUM), (1, ENUM), (3, STRING, 12)])
        w.data(3, [sport, sub_sport, "Run"])
    record_fields: list[tuple[int, int] | tuple[int, int, int]] = [(253, UINT32), (5, UINT32), (3, UINT8)]
    if gps:
        record_fields += [(0, SINT32), (1, SINT32)]
    dev = [(0, 2, 0), (1, 1, 0)] if developer_fields else []
    w.define(4, RECORD, record_fields, dev)
    if compressed_timestamps:
        # local type 1 (compressed headers address local types 0-3) for records without a timestamp field
        w.define(1, RECORD, [(5, UINT32), (3, UINT8)])
    if hrv:
        w.define(5, HRV, [(0, UINT16, 20)])
    steps = seconds // record_every_s
    for i in range(steps + 1):
        t = t0 + i * record_every_s
        dist = int(distance_m * 100 * i / max(steps, 1))
        values: list[object] = [t, dist, 140 + i % 20]
        if gps:
            lat = int((46.05 + 0.0001 * i) * (2**31 / 180))
            lon = int(14.5 * (2**31 / 180))
            values += [lat, lon]
        dev_values = [struct.pack("<H", 250 + i % 7), bytes([9])] if developer_fields else []
        if compressed_timestamps and i % 2 == 1:
            w.compressed(1, t & 0x1F, [dist, 140])
        else:
            w.data(4, values, dev_values)
        if hrv and i % 5 == 0:
            w.data(5, [[800 + j for j in range(10)]])
    end = t0 + seconds
    timer = seconds if timer_seconds is None else timer_seconds
    w.define(6, LAP, [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32)])
    lap_len = seconds // max(laps, 1)
    for lap in range(laps):
        lap_start = t0 + lap * lap_len
        w.data(
            6, [lap_start + lap_len, lap_start, lap_len * 1000, lap_len * 1000, int(distance_m * 100 / laps)]
        )
    if with_session:
        w.define(
            7,
            SESSION,
            [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32), (5, ENUM), (6, ENUM)],
        )
        w.data(7, [end, t0, seconds * 1000, timer * 1000, int(distance_m * 100), sport, sub_sport])
    if local_offset_s is not None:
        w.define(8, ACTIVITY, [(253, UINT32), (0, UINT32), (1, UINT16), (2, ENUM), (5, UINT32)])
        w.data(8, [end, timer * 1000, 1, 0, end + local_offset_s])
    return w.build()


def no_timestamp_fit() -> bytes:
    """A FIT file whose messages carry no time at all."""
    w = FitWriter()
    w.define(0, FILE_ID, [(0, ENUM), (1, UINT16), (2, UINT16)])
    w.data(0, [FILE_ACTIVITY, 1, 2697])
    w.define(1, RECORD, [(5, UINT32), (3, UINT8)])
    w.data(1, [100, 140])
    return w.build()


INVALID_U8, INVALID_U16, INVALID_U32, INVALID_S32 = 0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF


def corpus_fit(
    start: datetime,
    *,
    seconds: int = 600,
    record_every_s: int = 5,
    sports: Sequence[tuple[int, int]] = ((SPORT_RUNNING, SUB_GENERIC),),
    big_endian: bool = False,
    redefine_every: int = 0,
    invalid_every: int = 0,
    pause: tuple[int, int] | None = None,
    hrv: bool = False,
    developer_fields: bool = False,
    compressed_timestamps: bool = False,
    gps: bool = True,
    enhanced_speed: bool = False,
    header_size: int = 14,
    header_crc: bool = True,
    local_offset_s: int | None = 3600,
) -> bytes:
    """An activity with the features real watches write, each switchable.

    - ``sports``: one session per (sport, sub_sport), back to back (multisport);
    - ``big_endian``: every definition big endian; ``redefine_every``: the record definition is redefined
      every so many records, alternating two layouts (field order, types, extra fields);
    - ``invalid_every``: every so many records, heart rate, cadence, speed and position are the invalid
      sentinels (and every second such record, distance too);
    - ``pause``: (start s, length s): timer stop / start events, no records in between, timer < elapsed;
    - ``hrv``: HRV messages (with an invalid entry); ``developer_fields``; ``compressed_timestamps``: every
      second record (after no gap) with a compressed-timestamp header; ``enhanced_speed``: field 73 too.
    """
    w = FitWriter()
    be = big_endian
    t0 = fit_time(start)
    w.define(0, FILE_ID, [(0, ENUM), (1, UINT16), (2, UINT16), (3, UINT32Z), (4, UINT32)], big_endian=be)
    w.data(0, [FILE_ACTIVITY, 1, 2697, 123456789, t0])
    if developer_fields:
        w.define(1, DEVELOPER_DATA_ID, [(1, BYTE, 16), (3, UINT8)], big_endian=be)
        w.data(1, [bytes(range(16)), 0])
        w.define(2, FIELD_DESCRIPTION, [(0, UINT8), (1, UINT8), (2, UINT8), (3, STRING, 16), (8, STRING, 8)])
        w.data(2, [0, 0, UINT16, "running_power", "watts"])
        w.data(2, [0, 1, UINT8, "leg_spring", "kN/m"])
    layouts: list[list[tuple[int, int] | tuple[int, int, int]]] = [
        [(253, UINT32), (5, UINT32), (3, UINT8), (4, UINT8), (6, UINT16)],
        [(6, UINT16), (4, UINT8), (253, UINT32), (2, UINT16), (3, UINT8), (5, UINT32)],
    ]
    for layout in layouts:
        if gps:
            layout += [(0, SINT32), (1, SINT32)]
        if enhanced_speed:
            layout.append((73, UINT32))
    dev = [(0, 2, 0), (1, 1, 0)] if developer_fields else []
    current = 0
    w.define(4, RECORD, layouts[current], dev, big_endian=be)
    if compressed_timestamps:
        w.define(1, RECORD, [(5, UINT32), (3, UINT8), (4, UINT8)], big_endian=be)
    if hrv:
        w.define(5, HRV, [(0, UINT16, 20)], big_endian=be)
    w.define(9, EVENT, [(253, UINT32), (0, ENUM), (1, ENUM), (3, UINT32)], big_endian=be)
    w.data(9, [t0, 0, 0, 0])  # timer start
    session_def = [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32), (5, ENUM), (6, ENUM)]
    w.define(7, SESSION, session_def, big_endian=be)
    steps = seconds // record_every_s
    segment = seconds // len(sports)

    def paused_within(lo: int, hi: int) -> int:
        if pause is None:
            return 0
        return max(0, min(hi, pause[0] + pause[1]) - max(lo, pause[0]))

    def write_session(k: int) -> None:
        lo, hi = k * segment, seconds if k == len(sports) - 1 else (k + 1) * segment
        timer = hi - lo - paused_within(lo, hi)
        sport, sub = sports[k]
        w.data(7, [t0 + hi, t0 + lo, (hi - lo) * 1000, timer * 1000, 300 * (hi - lo), sport, sub])

    session = 0
    last_t: int | None = None
    for i in range(steps + 1):
        offset_s = i * record_every_s
        t = t0 + offset_s
        while session < len(sports) - 1 and offset_s >= (session + 1) * segment:
            write_session(session)
            session += 1
        if pause is not None and pause[0] <= offset_s < pause[0] + pause[1]:
            if offset_s - record_every_s < pause[0]:
                w.data(9, [t, 0, 4, 0])  # timer stop all
            continue
        if pause is not None and last_t is not None and t - last_t > record_every_s:
            w.data(9, [t, 0, 0, 0])  # timer start again
        dist = 300 * offset_s  # cm: 3 m/s
        hr, cad, spd = 120 + i % 40, 80 + i % 10, 2500 + (i * 37) % 900
        lat = int((46.05 + 0.0001 * i) * (2**31 / 180))
        lon = int((14.5 - 0.00007 * i) * (2**31 / 180))
        if invalid_every and i % invalid_every == invalid_every - 1:
            hr, cad, spd, lat, lon = INVALID_U8, INVALID_U8, INVALID_U16, INVALID_S32, INVALID_S32
            if (i // invalid_every) % 2:
                dist = INVALID_U32
        if redefine_every and i and i % redefine_every == 0:
            current = 1 - current
            w.define(4, RECORD, layouts[current], dev, big_endian=be)
        by_field: dict[int, object] = {
            253: t,
            5: dist,
            3: hr,
            4: cad,
            6: spd,
            2: 2500 + i % 50,
            0: lat,
            1: lon,
        }
        by_field[73] = spd * 2 if spd != INVALID_U16 else INVALID_U32
        if compressed_timestamps and i % 2 == 1 and last_t is not None and t - last_t < 32:
            w.compressed(1, t & 0x1F, [dist, hr, cad])
        else:
            values = [by_field[spec[0]] for spec in layouts[current]]
            endian = w.definitions[4].endian
            dev_values = [struct.pack(endian + "H", 250 + i % 7), bytes([9])] if dev else []
            w.data(4, values, dev_values)
        if hrv and i % 3 == 0:
            w.data(5, [[INVALID_U16 if j == 9 else 600 + (i + j) % 300 for j in range(10)]])
        last_t = t
    end = t0 + seconds
    w.data(9, [end, 0, 4, 0])
    while session < len(sports):
        write_session(session)
        session += 1
    if local_offset_s is not None:
        w.define(
            8, ACTIVITY, [(253, UINT32), (0, UINT32), (1, UINT16), (2, ENUM), (5, UINT32)], big_endian=be
        )
        w.data(8, [end, seconds * 1000, len(sports), 0, end + local_offset_s])
    return w.build(header_size=header_size, header_crc=header_crc)
