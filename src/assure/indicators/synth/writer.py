"""Chunked writing of one KIND: CSV (UTF-8, header, ``true``/``false``, empty cell for null,
timestamps as ISO 8601 text with offset) or Parquet (zstd; timestamps as ``timestamp[us, UTC]``,
dates as ``date32``). Both writers are deterministic: the same rows give the same bytes."""

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

TYPES = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "date": pa.date32()}


def schema(columns: list[tuple[str, str]], fmt: str) -> pa.Schema:
    timestamp = pa.timestamp("us", tz="UTC") if fmt == "parquet" else pa.string()
    return pa.schema([(name, timestamp if kind == "ts" else TYPES[kind]) for name, kind in columns])


class KindWriter:
    def __init__(
        self, path: Path, columns: list[tuple[str, str]], fmt: str, plain_text: bool = True
    ):
        self.path, self.fmt = path, fmt
        self.schema = schema(columns, fmt)
        self.rows = 0
        if fmt == "parquet":
            self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        else:
            # Our references, labels and timestamps never need quotes; unit names might.
            quoting = "none" if plain_text else "needed"
            options = pacsv.WriteOptions(include_header=True, quoting_style=quoting)
            self._writer = pacsv.CSVWriter(path, self.schema, write_options=options)

    def write(self, columns: dict[str, pa.Array]) -> None:
        table = pa.Table.from_arrays([columns[f.name] for f in self.schema], schema=self.schema)
        self._writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        self._writer.close()
