"""The database's plan for a statement, as text lines (EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""

from __future__ import annotations

from sqlalchemy.engine import Connection


def explain(conn: Connection, statement) -> list[str]:
    compiled = statement.compile(conn, compile_kwargs={"render_postcompile": True})
    if conn.dialect.name == "sqlite":
        params = tuple(compiled.params[name] for name in compiled.positiontup)
        processors = compiled._bind_processors
        params = tuple(
            processors[name](value) if name in processors else value
            for name, value in zip(compiled.positiontup, params, strict=True)
        )
        return [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)]
    params = {name: compiled._bind_processors.get(name, lambda v: v)(v) for name, v in compiled.params.items()}
    return [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {compiled}", params)]
