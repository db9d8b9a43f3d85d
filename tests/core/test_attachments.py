"""One attachment type: whatever shape a row was stored in, it shows as the same message."""

from __future__ import annotations

from bot.core.attachments import Attachment, AttachmentKind


def test_each_stored_shape_reads_as_one_attachment():
    photo = Attachment.photo("AgAD")
    assert Attachment.from_json({"kind": "photo", "file_id": "AgAD"}) == photo
    assert Attachment.from_json({"type": "photo", "file_id": "AgAD"}) == photo  # the log, before
    bare = Attachment.from_json({"file_id": "BQAD", "filename": "njoftim.pdf"})  # a broadcast
    assert bare == Attachment.document("BQAD", "njoftim.pdf")


def test_what_is_written_reads_back_the_same():
    for item in (
        Attachment.photo("AgAD"),
        Attachment.document("BQAD", "raport.pdf"),
        Attachment.location(41.3275, 19.8187),
    ):
        assert Attachment.from_json(item.to_json()) == item


def test_a_blanked_or_broken_attachment_is_none():
    assert Attachment.from_json(None) is None
    assert Attachment.from_json({}) is None
    assert Attachment.from_json({"kind": "photo", "file_id": ""}) is None
    assert Attachment.from_json({"kind": "location", "latitude": 41.3}) is None


def test_it_is_sent_as_its_own_kind_of_message():
    assert Attachment.photo("AgAD").reply().kind == "photo"
    assert Attachment.document("BQAD", "a.pdf").reply().document == {
        "file_id": "BQAD",
        "filename": "a.pdf",
    }
    spot = Attachment.location(41.3275, 19.8187).reply()
    assert spot.location == {"latitude": 41.3275, "longitude": 19.8187}
    assert Attachment.from_json({"kind": "video", "file_id": "x"}).kind is AttachmentKind.DOCUMENT
