"""Alembic environment: migrations run on the SQLite file named in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import app.models  # noqa: F401 - registers every table
from app.models.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    connectable = config.attributes.get("connection") or create_engine(str(url))
    if hasattr(connectable, "connect"):
        with connectable.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=True
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    else:
        # A Connection handed over by open_database (config.attributes["connection"]).
        context.configure(connection=connectable,  # type: ignore[arg-type]
                          target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
