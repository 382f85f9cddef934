"""Import files in an encoding the school did not mean are refused, never garbled; invisible
characters in names (zero-width, bidi overrides) are removed."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from handlers.imports.csv_source import decode
from handlers.imports.result import ImportFileError
from storage.models import School
from tests.factories import PUPIL_COLUMNS, csv_text, pupil_row
from tests.handlers.test_import_pupils import pupil, run, school
from tests.worlds import world_upn

__all__ = ["school"]  # the fixture, shared with the pupil import tests

NAMES = [("Иван", "Петров"), ("Мария", "Иванова"), ("Ольга", "Смирнова")]
JAPANESE = [("太郎", "山田"), ("花子", "佐藤"), ("一郎", "鈴木")]


@pytest.mark.parametrize(
    ("names", "encoding", "alphabet"),
    [(NAMES, "cp1251", "Cyrillic"), (JAPANESE, "shift_jis", "Japanese")],
)
def test_a_file_in_another_alphabets_encoding_is_refused_with_its_name(
    names: list[tuple[str, str]], encoding: str, alphabet: str
) -> None:
    text = "upn,first_name,last_name\n" + "".join(
        f"{world_upn(n)},{first},{last}\n" for n, (first, last) in enumerate(names, start=1)
    )
    with pytest.raises(ImportFileError) as refused:
        decode(text.encode(encoding), name="pupils.csv")
    assert alphabet in str(refused.value) and "CSV UTF-8" in str(refused.value)


def test_windows_1252_names_with_accents_still_import() -> None:
    text = "upn,first_name,last_name\nX,Zoë,O’Brien\nY,Chloé,Núñez\nZ,Amélie,Ångström\n"
    decoded, encoding = decode(text.encode("cp1252"), name="pupils.csv")
    assert (decoded, encoding) == (text, "cp1252")


def test_invisible_characters_are_removed_from_names(session: Session, school: School) -> None:
    disguised = pupil_row(1, first_name="Am\u200bira", last_name="\u202eHassan\u202c")
    result = run(session, school, csv_text([disguised], PUPIL_COLUMNS))
    assert result.ok, result.errors
    stored = pupil(session, 1)
    assert (stored.first_name, stored.last_name) == ("Amira", "Hassan")
