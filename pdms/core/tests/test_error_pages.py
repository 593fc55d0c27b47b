"""With DEBUG off (as in production and under pytest), a refused action answers 403, an
unknown page or a record outside the scope 404 and a bug 500, each with a Vietnamese page,
never Django's English ones. The 500 page needs neither the request nor the database."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_the_tests_run_with_debug_off(settings):
    assert settings.DEBUG is False


def test_an_unknown_page_answers_404_in_vietnamese_with_the_menu(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body and "Về trang chủ" in body and "Đăng xuất" in body
    assert "Page not found" not in body and "Not Found" not in body


def test_a_record_outside_the_scope_answers_the_same_404(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("organizations:detail", args=[tree.branch_b1.pk]))
    body = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in body
    assert "Kon Gung" not in body


def test_a_permission_refused_by_a_service_answers_403_with_its_vietnamese_message(client, tree, secretary):
    client.force_login(secretary)
    response = client.get(reverse("organizations:rename", args=[tree.branch_a1.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không được làm việc này" in body
    assert "Chỉ cán bộ của Đảng bộ xã Hà Mòn mới được thành lập, thay đổi hoặc giải thể các tổ chức đảng trực thuộc." in body
    assert "Forbidden" not in body


@pytest.mark.urls("pdms.core.tests.error_urls")
def test_a_bare_refusal_answers_403_with_a_general_vietnamese_message(client, tree, viewer):
    client.force_login(viewer)
    response = client.get("/forbid/")
    assert response.status_code == 403
    assert "Tài khoản của bạn không được mở trang này hoặc làm thao tác này." in response.content.decode()


@pytest.mark.urls("pdms.core.tests.error_urls")
def test_a_bug_answers_500_with_a_vietnamese_page(client, tree, viewer):
    client.raise_request_exception = False
    client.force_login(viewer)
    response = client.get("/crash/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Máy chủ gặp lỗi" in body and 'href="/"' in body
    assert "a bug" not in body and "Traceback" not in body and "Server Error" not in body


def test_the_500_page_renders_without_a_database_or_static_files(settings):
    # No database fixture: any query here would fail the test.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "Máy chủ gặp lỗi" in response.content.decode()
