"""Deliverables through the stage page: uploads checked for size and type at the field, every
version kept and downloadable, deliverables added and removed, files sent only with permission."""

from __future__ import annotations

import os

import pytest

from park.extensions import db
from park.projects.lifecycle import StageStatus
from park.projects.models import Deliverable, DeliverableVersion
from tests.factories import advance_to, make_project
from tests.helpers import (
    count,
    field_errors,
    flash_texts,
    queries_for_page,
    redirect_path,
    visible_text,
)
from tests.projects.pages import (
    HTML,
    PDF,
    client_as,
    fresh,
    png_bytes,
    project_url,
    stage_url,
    token,
    upload,
)


@pytest.fixture
def brief_file(team):
    return team.project.stages[0].deliverables[0]


def _stored_files(app) -> list[str]:
    folder = app.config["UPLOAD_FOLDER"]
    return [name for name in os.listdir(folder) if not name.startswith(".")] \
        if os.path.isdir(folder) else []


def test_uploaded_pdf_becomes_version_one_with_its_uploader(team, lead_browser, brief_file):
    response = upload(lead_browser, brief_file, PDF, "brief.pdf", note="First draft")
    assert redirect_path(response) == stage_url(brief_file.stage)
    assert response.location.endswith(f"#deliverable-{brief_file.id}")
    page = lead_browser.get(stage_url(brief_file.stage))
    text = visible_text(page)
    assert "Version 1 of Design brief has been uploaded." in flash_texts(page)
    assert "brief.pdf" in text and "Lena Lead" in text and "First draft" in text


def test_png_image_is_accepted(team, lead_browser, brief_file):
    response = upload(lead_browser, brief_file, png_bytes(), "sketch.png")
    assert response.status_code == 302
    assert fresh(brief_file).latest.content_type == "image/png"


def test_a_new_upload_keeps_the_old_file(app, team, lead_browser, brief_file):
    upload(lead_browser, brief_file, PDF, "brief-v1.pdf")
    second = PDF.replace(b"<<>>", b"<< /V 2 >>")
    upload(lead_browser, brief_file, second, "brief-v2.pdf", note="Budget added")
    versions = sorted(fresh(brief_file).versions, key=lambda v: v.number)
    assert [v.number for v in versions] == [1, 2]
    assert len(_stored_files(app)) == 2

    text = visible_text(lead_browser.get(stage_url(brief_file.stage)))
    assert "brief-v1.pdf" in text and "brief-v2.pdf" in text
    first = lead_browser.get(project_url(team.project, f"/files/{versions[0].id}"))
    latest = lead_browser.get(project_url(team.project, f"/files/{versions[1].id}"))
    assert first.data == PDF and latest.data == second


def test_project_page_links_the_latest_version(team, lead_browser, brief_file):
    upload(lead_browser, brief_file, PDF, "brief-v1.pdf")
    upload(lead_browser, brief_file, PDF, "brief-v2.pdf")
    latest = fresh(brief_file).latest
    page = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    assert f'href="/projects/{team.project.id}/files/{latest.id}"' in page
    assert "brief-v2.pdf" in page and "brief-v1.pdf" not in page


def test_too_large_file_is_refused_at_the_field(app, team, lead_browser, brief_file):
    app.config["DELIVERABLE_MAX_BYTES"] = 1024 * 1024
    response = upload(lead_browser, brief_file, PDF + b"0" * (1024 * 1024), "big.pdf")
    assert response.status_code == 422
    assert field_errors(response, f"file-{brief_file.id}") == [
        "The file is too large: at most 1 MB is allowed."]
    assert count(DeliverableVersion) == 0 and _stored_files(app) == []


def test_html_named_pdf_is_refused_at_the_field(app, team, lead_browser, brief_file):
    response = upload(lead_browser, brief_file, HTML, "drawing.pdf")
    assert response.status_code == 422
    errors = field_errors(response, f"file-{brief_file.id}")
    assert errors and errors[0].startswith("Please upload a PDF")
    assert count(DeliverableVersion) == 0 and _stored_files(app) == []


def test_pdf_named_as_an_image_is_refused(team, lead_browser, brief_file):
    response = upload(lead_browser, brief_file, PDF, "photo.png")
    assert response.status_code == 422
    assert field_errors(response, f"file-{brief_file.id}")


def test_upload_without_a_file_asks_for_one(team, lead_browser, brief_file):
    response = lead_browser.post(
        project_url(team.project, f"/deliverables/{brief_file.id}/versions"),
        data={"csrf_token": token(lead_browser), "note": "forgot it"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert field_errors(response, f"file-{brief_file.id}") == ["Please choose a file."]


def test_download_is_an_attachment_kept_out_of_shared_caches(team, lead_browser, brief_file):
    upload(lead_browser, brief_file, PDF, "brief.pdf")
    response = lead_browser.get(project_url(team.project, f"/files/{fresh(brief_file).latest.id}"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "brief.pdf" in response.headers["Content-Disposition"]
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_client_user_can_download_the_files(app, team, lead_browser, brief_file):
    upload(lead_browser, brief_file, PDF, "brief.pdf")
    response = client_as(app, team.client_user).get(
        project_url(team.project, f"/files/{fresh(brief_file).latest.id}"))
    assert response.status_code == 200 and response.data == PDF


def test_version_of_another_project_is_not_found(app, team, lead_browser):
    other = make_project(team.firm, team.lead, title="Other project")
    upload(lead_browser, other.stages[0].deliverables[0], PDF, "other.pdf")
    version = db.session.query(DeliverableVersion).one()
    assert lead_browser.get(project_url(team.project, f"/files/{version.id}")).status_code == 404


def test_contributor_adds_an_optional_deliverable(team, lead_browser):
    brief = team.project.stages[0]
    response = lead_browser.post(project_url(team.project, f"/stages/{brief.id}/deliverables"),
                                 data={"csrf_token": token(lead_browser),
                                       "name": "Competitor study", "kind": "report"})
    assert response.status_code == 302
    added = db.session.query(Deliverable).filter_by(name="Competitor study").one()
    assert not added.required
    assert "Competitor study" in visible_text(lead_browser.get(stage_url(brief)))


def test_duplicate_deliverable_name_is_refused_at_the_field(team, lead_browser):
    brief = team.project.stages[0]
    response = lead_browser.post(project_url(team.project, f"/stages/{brief.id}/deliverables"),
                                 data={"csrf_token": token(lead_browser),
                                       "name": "design brief", "kind": "document"})
    assert response.status_code == 422
    assert field_errors(response, "name") == [
        "This stage already has a deliverable called design brief."]


def test_optional_deliverable_without_files_can_be_removed(team, lead_browser):
    brief = team.project.stages[0]
    lead_browser.post(project_url(team.project, f"/stages/{brief.id}/deliverables"),
                      data={"csrf_token": token(lead_browser), "name": "Mood board",
                            "kind": "image"})
    added = db.session.query(Deliverable).filter_by(name="Mood board").one()
    response = lead_browser.post(project_url(team.project, f"/deliverables/{added.id}/remove"),
                                 data={"csrf_token": token(lead_browser)})
    assert "Mood board has been removed." in flash_texts(
        lead_browser.get(redirect_path(response)))
    assert db.session.query(Deliverable).filter_by(name="Mood board").count() == 0


def test_required_deliverable_cannot_be_removed(team, lead_browser, brief_file):
    response = lead_browser.post(
        project_url(team.project, f"/deliverables/{brief_file.id}/remove"),
        data={"csrf_token": token(lead_browser)})
    assert "A required deliverable cannot be removed." in flash_texts(
        lead_browser.get(redirect_path(response)))
    assert fresh(brief_file) is not None


def test_files_of_an_approved_stage_are_final(team, lead_browser):
    project = advance_to(team.project, team.project.stages[1].kind)
    brief_file = project.stages[0].deliverables[0]
    assert project.stages[0].status is StageStatus.APPROVED
    page = visible_text(lead_browser.get(stage_url(project.stages[0])))
    assert "its deliverables are final" in page and "Upload" not in page
    response = upload(lead_browser, brief_file, PDF, "late.pdf")
    assert response.status_code == 422
    assert flash_texts(response) == [
        "Brief has the status “Approved”: its deliverables are final."]
    assert count(DeliverableVersion) == 0


def test_deliverable_of_another_project_is_not_found(team, lead_browser):
    other = make_project(team.firm, team.lead, title="Other project")
    deliverable = other.stages[0].deliverables[0]
    response = upload(lead_browser, deliverable)
    assert response.status_code == 302  # its own project's URL works...
    wrong = lead_browser.post(project_url(team.project, f"/deliverables/{deliverable.id}/remove"),
                              data={"csrf_token": token(lead_browser)})
    assert wrong.status_code == 404  # ...but not under another project's


def test_stage_page_queries_stay_the_same_with_many_versions_and_uploaders(
        app, count_queries, team, lead_browser):
    brief = team.project.stages[0]
    concept = team.project.stages[1]
    upload(lead_browser, brief.deliverables[0])
    designer = client_as(app, team.designer)
    for browser in (lead_browser, designer, lead_browser, designer):
        upload(browser, concept.deliverables[0])
    for number in range(3):
        lead_browser.post(project_url(team.project, f"/stages/{concept.id}/deliverables"),
                          data={"csrf_token": token(lead_browser), "name": f"Extra {number}",
                                "kind": "other"})
    few_url, many_url = stage_url(brief), stage_url(concept)
    few = queries_for_page(lead_browser, count_queries, few_url)
    many = queries_for_page(lead_browser, count_queries, many_url)
    assert few == many and many <= 12, (few, many)
