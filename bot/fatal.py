"""Errors that end a command get one line saying what to fix, never a traceback.

A traceback from the database layer can quote the URL (with its password) or a refused row;
a person at the terminal needs to know which setting to change instead.
"""

from __future__ import annotations

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from storage.database import DatabaseUnavailable, unavailable_reason


def describe(error: BaseException) -> str | None:
    """One line for an error a person can fix by changing a setting; None for a real bug."""
    if isinstance(error, DatabaseUnavailable):
        return error.message
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return (
            "DATABASE_URL is not a database address sendco-bot understands: use "
            "sqlite:///path/to/file.db or postgresql://user:password@host/database."
        )
    if isinstance(error, DBAPIError):
        text = str(error.orig).lower()
        if "unable to open database file" in text:
            return (
                "The database file cannot be opened: check that the folder in DATABASE_URL "
                "exists and is writable."
            )
        if "could not translate host name" in text or "name or service not known" in text:
            return "The database host in DATABASE_URL is unknown: check the host name."
        if "connection refused" in text or "timeout" in text or "could not connect" in text:
            return "The database server in DATABASE_URL cannot be reached: is it running?"
        refused = "role" in text and "does not exist" in text
        if "password authentication failed" in text or refused:
            return "The database refused the user or password in DATABASE_URL."
        if "database" in text and "does not exist" in text:
            return "The database named in DATABASE_URL does not exist: create it first."
        reason = unavailable_reason(error)
        if reason is not None:
            return reason
    return None
