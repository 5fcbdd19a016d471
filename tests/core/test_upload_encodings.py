"""The older single-sheet uploads (monthly values, finance, capital) read a CSV as office
software saves it: UTF-8 with or without Excel's byte-order mark, or Windows-1252."""

import pytest

from core import imports, uploads

ROW = ["Café", "£1,200"]


@pytest.mark.parametrize(
    "encoded",
    [
        'name,amount\nCafé,"£1,200"\n'.encode("cp1252"),
        'name,amount\nCafé,"£1,200"\n'.encode(),
        'name,amount\nCafé,"£1,200"\n'.encode("utf-8-sig"),
    ],
    ids=["windows-1252", "utf-8", "utf-8 with BOM"],
)
def test_every_encoding_councils_save_is_read_as_typed(encoded):
    rows = uploads.read_rows("ledger.csv", encoded, required=("name", "amount"), empty="Empty")
    assert rows == [{"name": ROW[0], "amount": ROW[1]}]


def test_the_multi_sheet_reader_and_the_uploads_share_one_decoder():
    assert imports.decode_text is uploads.decode_text
    assert uploads.decode_text("£".encode("cp1252")) == "£"


def test_a_file_of_binary_bytes_is_refused_as_not_a_csv():
    with pytest.raises(uploads.UploadRefused, match="not a CSV file"):
        uploads.read_rows("x.csv", b"\xff\xfe\x00bad", required=("a",), empty="Empty")
