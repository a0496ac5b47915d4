"""Evidence files in an S3 bucket (moto's server): stored, served with checksums, store failures."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from page_text import text_of
from wsoa.core import storage
from wsoa.core.models import AuditEvent, SubmissionToken
from wsoa.core.storage_files import iter_files
from wsoa.progress import services
from wsoa.progress.models import Evidence, ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("storage_s3")]

PDF = b"%PDF-1.4 minutes of the SEND board, 3 November\n" * 20
REFUSED = "The file could not be stored. Try again later; nothing was saved."


def _update_url(item):
    return reverse("progress:update", args=[item.plan.area.slug, item.plan.pk, item.pk])


def _evidence_url(evidence):
    plan = evidence.update.item.plan
    return reverse("progress:evidence", args=[plan.area.slug, plan.pk, evidence.pk])


def _post(client, item, name="minutes.pdf", content=PDF, **extra):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = {"commentary": "Board minutes attached", "proposed_rag": "green"}
    return client.post(_update_url(item), {**data, "evidence_file": upload, **extra})


def _posted(item, author, content=PDF):
    upload = SimpleUploadedFile("minutes.pdf", content, content_type="application/pdf")
    data = services.UpdateIn("x", "green", evidence=[services.EvidenceIn("Minutes", file=upload)])
    return services.post_update(item=item, author=author, data=data).evidence.get()


def test_uploaded_evidence_is_an_object_under_the_prefix_with_its_checksum(
    s3, client_for, contributor, owned_item
):
    response = _post(client_for(contributor), owned_item)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    month = f"{timezone.localdate():%Y/%m}"
    assert re.fullmatch(rf"evidence/{month}/[0-9a-f]{{16}}/minutes\.pdf", evidence.file.name)
    assert s3.objects() == {f"wsoa-files/{evidence.file.name}": PDF}
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (evidence.file_name, evidence.file_size) == ("minutes.pdf", len(PDF))


def test_two_files_of_the_same_name_are_two_objects(s3, contributor, owned_item):
    first = _posted(owned_item, contributor, b"%PDF first")
    second = _posted(owned_item, contributor, b"%PDF second")
    assert first.file.name != second.file.name
    assert sorted(s3.objects().values()) == [b"%PDF first", b"%PDF second"]


def test_evidence_is_streamed_back_to_members_with_its_checksum(
    s3, client_for, contributor, forum_rep, owned_item
):
    evidence = _posted(owned_item, contributor)
    response = client_for(forum_rep).get(_evidence_url(evidence))
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Checksum-SHA256"] == hashlib.sha256(PDF).hexdigest()
    assert 'attachment; filename="minutes.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("no-store")


def test_another_areas_user_gets_404_and_anonymous_is_sent_to_sign_in(
    s3, client_for, contributor, owned_item, other_area_user, anonymous
):
    url = _evidence_url(_posted(owned_item, contributor))
    assert client_for(other_area_user).get(url).status_code == 404
    response = client_for(anonymous).get(url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_an_object_changed_in_the_bucket_is_not_served(
    s3, client_for, contributor, forum_rep, owned_item
):
    evidence = _posted(owned_item, contributor)
    key = f"wsoa-files/{evidence.file.name}"
    s3.client().put_object(Bucket=s3.bucket, Key=key, Body=b"%PDF something else")
    response = client_for(forum_rep).get(_evidence_url(evidence))
    assert response.status_code == 409
    assert "does not match the checksum it was stored with" in text_of(response)
    assert b"something else" not in response.content


def test_an_object_missing_from_the_bucket_gets_a_page_saying_so(
    s3, client_for, contributor, forum_rep, owned_item
):
    evidence = _posted(owned_item, contributor)
    s3.client().delete_object(Bucket=s3.bucket, Key=f"wsoa-files/{evidence.file.name}")
    response = client_for(forum_rep).get(_evidence_url(evidence))
    assert response.status_code == 500
    assert "This file is missing from the file store" in text_of(response)
    assert "Go back to the item" in text_of(response)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ", "must be a PDF, Word"),
        ("big.pdf", b"%" * (20 * 1024 * 1024 + 1), "must be smaller than 20 MB"),
    ],
)
def test_content_checks_refuse_before_anything_is_stored(
    s3, client_for, contributor, owned_item, name, content, message
):
    response = _post(client_for(contributor), owned_item, name, content)
    assert message in text_of(response)
    assert s3.objects() == {} and not ProgressUpdate.objects.exists()


def test_a_form_sent_twice_keeps_one_object(s3, client_for, contributor, owned_item):
    client = client_for(contributor)
    token = client.get(_update_url(owned_item)).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', token).group(1)  # type: ignore[union-attr]
    for _ in range(2):
        assert _post(client, owned_item, submission_token=token).status_code == 302
    assert Evidence.objects.count() == 1
    assert list(s3.objects()) == [f"wsoa-files/{Evidence.objects.get().file.name}"]


def test_rows_that_fail_take_their_stored_file_with_them(s3, contributor, owned_item, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "record_event", fail)
    with pytest.raises(RuntimeError):
        _posted(owned_item, contributor)
    assert s3.objects() == {} and not Evidence.objects.exists()


def test_store_down_refuses_the_upload_clearly_and_writes_nothing(
    failing_s3, client_for, contributor, owned_item
):
    server, _ = failing_s3
    server.stop()
    before = AuditEvent.objects.count()
    response = _post(client_for(contributor), owned_item)
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text and REFUSED in text
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert AuditEvent.objects.count() == before and not SubmissionToken.objects.exists()


def test_store_down_while_serving_gives_a_page_not_a_traceback(
    failing_s3, client_for, contributor, forum_rep, owned_item
):
    server, store = failing_s3
    evidence = _posted(owned_item, contributor)
    server.stop()
    response = client_for(forum_rep).get(_evidence_url(evidence))
    assert response.status_code == 503
    text = text_of(response)
    assert "The file store is not available" in text
    assert "Try again later" in text and "Traceback" not in text and store.endpoint not in text


def test_a_link_update_still_posts_when_the_store_is_down(
    failing_s3, client_for, contributor, owned_item
):
    server, _ = failing_s3
    server.stop()
    data = {"commentary": "See the page", "proposed_rag": "green"}
    link = {"evidence_url": "https://example.org/local-offer"}
    response = client_for(contributor).post(_update_url(owned_item), {**data, **link})
    assert response.status_code == 302 and Evidence.objects.get().url.endswith("local-offer")


def test_iter_files_lists_every_object_under_the_prefix(s3, contributor, owned_item):
    evidence = _posted(owned_item, contributor)
    s3.client().put_object(Bucket=s3.bucket, Key="elsewhere/not-ours.txt", Body=b"x")
    assert list(iter_files()) == [(evidence.file.name, len(PDF))]


def test_the_store_answers_when_up_and_not_when_down(failing_s3):
    server, _ = failing_s3
    assert storage.is_reachable()
    server.stop()
    assert not storage.is_reachable()
