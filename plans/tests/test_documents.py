"""Documents on a support cycle: what may be attached, where it is kept, who may open it, and that nothing is
half-saved. Every test stores files under a temporary MEDIA_ROOT."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditAction, AuditEvent
from plans.models import Document, SupportCycle, private_storage
from plans.services import documents as document_services
from plans.services.cycles import assessment_add, cycle_start
from plans.services.documents import document_archive, document_attach
from pupils.models import Pupil
from schools.models import StaffAssignment, TeachingGroup
from tests.cast import Cast, academic_year, make_user, member

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode."


@pytest.fixture
def private_media(settings, tmp_path, monkeypatch):
    """MEDIA_ROOT in a temporary directory. The file field's storage was built when the model loaded, so it is
    rebuilt here to follow the setting."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", private_storage())
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


def start_cycle(cast: Cast, pupil: Pupil | None = None) -> SupportCycle:
    """The pupil's open cycle, started by the SENDCo if there is none."""
    pupil = pupil or cast.pupil
    assert pupil is not None
    open_cycle = SupportCycle.objects.filter(pupil=pupil).exclude(state="closed").first()
    if open_cycle is not None:
        return open_cycle
    by = cast["sendco"] if pupil.school_id == cast.school.pk else cast["outsider"]
    return cycle_start(
        pupil=pupil, concern="Finds it hard to follow spoken instructions.", started_on=timezone.localdate(), by=by
    )


def upload(content: bytes = PDF_BYTES, name: str = "SALT report.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(cycle: SupportCycle, by: User, content: bytes = PDF_BYTES, name: str = "SALT report.pdf") -> Document:
    return document_attach(cycle=cycle, title="Speech and language therapy report", upload=upload(content, name), by=by)


def other_class_teacher(cast: Cast) -> User:
    """A teacher at the pupil's school who teaches another class, not the pupil's."""
    user = make_user("teacher5a@oakfield.test", "Nia Evans")
    member(user, Role.TEACHER, school=cast.school)
    group = TeachingGroup.objects.create(
        school=cast.school,
        academic_year=academic_year(),
        name="5A",
        kind=TeachingGroup.Kind.REGISTRATION,
        year_group="5",
    )
    StaffAssignment.objects.create(group=group, user=user, role="teacher", started_on=academic_year().starts_on)
    return user


# --- Attaching ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "expected_type"),
    [
        (PDF_BYTES, "SALT report.pdf", "application/pdf"),
        (PNG_BYTES, "Photo of work.png", "image/png"),
        (JPEG_BYTES, "Scan of letter.jpeg", "image/jpeg"),
    ],
)
def test_sendco_attaches_each_allowed_type_judged_by_its_content(
    cast, client_for, private_media, content, name, expected_type
):
    cycle = start_cycle(cast)
    # The browser's content type is deliberately wrong: only the content counts.
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client_for("sendco").post(
        reverse("plans:document_add", args=[cycle.uid]), {"title": "Advice from the speech therapist", "file": file}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:documents", args=[cycle.uid])
    document = Document.objects.get(cycle=cycle)
    assert document.content_type == expected_type
    assert document.original_name == name
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.uploaded_by == cast["sendco"]
    [path] = stored_files(private_media)
    assert path.read_bytes() == content
    # A random name: nothing of the original name (which may name the child) reaches the disk.
    assert path.name == document.uid.hex
    assert "SALT" not in str(path)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="plans.document", object_id=str(document.uid), pupil=cast.pupil
    ).exists()


@pytest.mark.django_db
def test_a_document_can_belong_to_one_of_the_cycles_assessments(cast, client_for, private_media):
    cycle = start_cycle(cast)
    assessment = assessment_add(
        cycle=cycle,
        kind="agency_advice",
        title="Speech and language assessment",
        agency="Speech and language therapy",
        body="Receptive language below age expectations.",
        assessed_on=timezone.localdate(),
        by=cast["sendco"],
    )
    response = client_for("sendco").post(
        reverse("plans:document_add", args=[cycle.uid]),
        {"title": "SALT report", "assessment": str(assessment.uid), "file": upload()},
    )
    assert response.status_code == 302
    assert Document.objects.get(cycle=cycle).assessment == assessment


@pytest.mark.django_db
def test_an_assessment_from_another_cycle_is_refused(cast, private_media):
    cycle = start_cycle(cast)
    other_cycle = start_cycle(cast, cast.untaught_pupil)
    assessment = assessment_add(
        cycle=other_cycle, kind="teacher", title="Teacher assessment", agency="", body="Notes.",
        assessed_on=timezone.localdate(), by=cast["sendco"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        document_attach(cycle=cycle, title="Report", upload=upload(), assessment=assessment, by=cast["sendco"])
    assert "assessment" in error.value.message_dict
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_teacher_and_ta_who_work_with_the_pupil_may_attach(cast, client_for, private_media):
    cycle = start_cycle(cast)
    for role in ("teacher", "ta"):
        response = client_for(role).post(
            reverse("plans:document_add", args=[cycle.uid]), {"title": f"Work sample from the {role}", "file": upload()}
        )
        assert response.status_code == 302, role
    assert Document.objects.filter(cycle=cycle).count() == 2


@pytest.mark.django_db
def test_a_disguised_executable_is_refused_and_nothing_is_stored(cast, client_for, private_media):
    cycle = start_cycle(cast)
    response = client_for("sendco").post(
        reverse("plans:document_add", args=[cycle.uid]),
        {"title": "Report", "file": upload(EXE_BYTES, "report.pdf", "application/pdf")},
    )
    assert response.status_code == 200
    assert "The file must be a PDF, PNG or JPEG" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(private_media) == []
    assert not AuditEvent.objects.filter(object_type="plans.document", action=AuditAction.CREATE).exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message(cast, client_for, private_media, settings):
    settings.UPLOAD_MAX_MB = 1
    cycle = start_cycle(cast)
    big = PDF_BYTES + b"0" * (1024 * 1024)
    response = client_for("sendco").post(
        reverse("plans:document_add", args=[cycle.uid]), {"title": "Big scan", "file": upload(big)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "the largest file you can attach is 1 MB" in page
    assert "A PDF, PNG or JPEG, up to 1 MB." in page
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_a_file_exactly_at_the_limit_is_accepted(cast, private_media, settings):
    settings.UPLOAD_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES))
    document = attach(start_cycle(cast), cast["sendco"], content)
    assert document.size == 1024 * 1024


@pytest.mark.django_db
def test_the_form_asks_for_a_title_and_a_file(cast, client_for, private_media):
    cycle = start_cycle(cast)
    response = client_for("sendco").post(reverse("plans:document_add", args=[cycle.uid]), {"title": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a title" in page
    assert "Choose a file to attach" in page
    assert 'enctype="multipart/form-data"' in page
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_an_empty_file_is_refused(cast, private_media):
    with pytest.raises(ValidationError, match="The file is empty"):
        attach(start_cycle(cast), cast["sendco"], b"")
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_if_the_database_write_fails_the_file_is_removed(cast, private_media, monkeypatch):
    cycle = start_cycle(cast)

    def refuse(**kwargs):
        raise IntegrityError("simulated failure after the file was written")

    monkeypatch.setattr(document_services, "audit_record", refuse)
    with pytest.raises(IntegrityError):
        attach(cycle, cast["sendco"])
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_if_the_file_write_fails_no_row_is_saved(cast, private_media, monkeypatch):
    cycle = start_cycle(cast)
    storage = Document._meta.get_field("file").storage

    def full_disk(name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "save", full_disk)
    with pytest.raises(OSError, match="No space"):
        attach(cycle, cast["sendco"])
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(object_type="plans.document", action=AuditAction.CREATE).exists()


@pytest.mark.django_db
def test_head_teacher_may_read_but_not_attach(cast, client_for, private_media):
    cycle = start_cycle(cast)
    url = reverse("plans:document_add", args=[cycle.uid])
    assert client_for("head").post(url, {"title": "Report", "file": upload()}).status_code == 403
    assert client_for("head").get(reverse("plans:documents", args=[cycle.uid])).status_code == 200
    assert not Document.objects.exists()


# --- Opening ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pdf_opens_in_the_browser_with_safe_headers_and_the_read_is_audited(cast, client_for, private_media):
    document = attach(start_cycle(cast), cast["sendco"])
    response = client_for("teacher").get(reverse("plans:document", args=[document.uid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert 'filename="SALT report.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        actor=cast["teacher"],
        action=AuditAction.VIEW,
        object_type="plans.document",
        object_id=str(document.uid),
        pupil=cast.pupil,
    ).exists()


@pytest.mark.django_db
def test_an_image_is_always_downloaded_not_shown(cast, client_for, private_media):
    document = attach(start_cycle(cast), cast["sendco"], PNG_BYTES, "photo.png")
    response = client_for("sendco").get(reverse("plans:document", args=[document.uid]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.django_db
def test_teacher_of_another_class_and_staff_of_another_school_get_404(cast, client, private_media):
    cycle = start_cycle(cast)
    document = attach(cycle, cast["sendco"])
    for user in (other_class_teacher(cast), cast["outsider"], cast["governor"]):
        client.force_login(user)
        for url in (
            reverse("plans:document", args=[document.uid]),
            reverse("plans:documents", args=[cycle.uid]),
            reverse("plans:document_add", args=[cycle.uid]),
        ):
            assert client.get(url).status_code == 404, (user.email, url)
    assert not AuditEvent.objects.filter(object_type="plans.document", action=AuditAction.VIEW).exists()


@pytest.mark.django_db
def test_parents_never_open_documents_directly(cast, client_for, private_media):
    document = attach(start_cycle(cast), cast["sendco"])
    assert client_for("parent").get(reverse("plans:document", args=[document.uid])).status_code == 404


@pytest.mark.django_db
def test_a_missing_file_is_a_404_not_an_error(cast, client_for, private_media):
    document = attach(start_cycle(cast), cast["sendco"])
    for path in stored_files(private_media):
        path.unlink()
    assert client_for("sendco").get(reverse("plans:document", args=[document.uid])).status_code == 404


# --- Listing and archiving ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_archiving_keeps_the_file_and_the_row_and_is_audited(cast, client_for, private_media):
    cycle = start_cycle(cast)
    document = attach(cycle, cast["sendco"])
    client = client_for("teacher")
    assert client.get(reverse("plans:document_archive", args=[document.uid])).status_code == 200
    response = client.post(reverse("plans:document_archive", args=[document.uid]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.archived_at is not None
    assert len(stored_files(private_media)) == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.ARCHIVE, object_type="plans.document", object_id=str(document.uid)
    ).exists()
    page = client.get(reverse("plans:documents", args=[cycle.uid])).content.decode()
    assert "Archived documents (1)" in page
    # An archived document still opens: it is part of the pupil's history.
    assert client.get(reverse("plans:document", args=[document.uid])).status_code == 200


@pytest.mark.django_db
def test_archiving_twice_is_refused(cast, private_media):
    document = attach(start_cycle(cast), cast["sendco"])
    document_archive(document=document, by=cast["sendco"])
    with pytest.raises(ValidationError, match="already archived"):
        document_archive(document=document, by=cast["sendco"])


@pytest.mark.django_db
def test_the_list_offers_attach_and_archive_only_to_those_who_may(cast, client_for, private_media):
    cycle = start_cycle(cast)
    attach(cycle, cast["sendco"])
    url = reverse("plans:documents", args=[cycle.uid])
    sendco_page = client_for("sendco").get(url).content.decode()
    head_page = client_for("head").get(url).content.decode()
    assert "Attach a document" in sendco_page
    assert "Archive" in sendco_page
    assert "Speech and language therapy report" in head_page
    assert "Attach a document" not in head_page
    assert ">Archive<" not in head_page


@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_for_one_document_or_many(
    cast, client_for, private_media, django_assert_max_num_queries
):
    cycle = start_cycle(cast)
    client = client_for("sendco")
    url = reverse("plans:documents", args=[cycle.uid])
    attach(cycle, cast["sendco"])
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for _ in range(5):
        attach(cycle, cast["teacher"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_an_original_name_with_accents_and_quotes_is_sent_safely(cast, client_for, private_media):
    document = attach(start_cycle(cast), cast["sendco"], PNG_BYTES, 'Évaluation "finale".png')
    response = client_for("sendco").get(reverse("plans:document", args=[document.uid]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%C3%89valuation%20%22finale%22.png" in disposition
    response.close()
