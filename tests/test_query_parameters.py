"""Hostile query strings and paths. A walk over every URL pattern feeds each query
parameter the views read with dates that do not exist or lie outside 1930–2100, huge
numbers, long text and paths, as a province officer and as an administrator: no answer
may be a server error. A page given a bad date or year in its filter says so beside the
filter, keeps the text as typed and shows the default; no static path climbs out."""

import datetime as dt
import html
import re
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.management import get_commands, load_command_class
from django.core.wsgi import get_wsgi_application
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from pdms.accounts.tests.test_url_scoping import PUBLIC, _fill, _outside_values, _patterns

# The names pages read from the query string (grep ``request.GET``). A probe sends them
# all, so that names read only beside others are read too, and records which a page reads.
PARAMETERS = (
    "as_of", "from", "to", "year", "period", "page", "q", "org", "org_q", "plan", "status", "part", "kind", "group",
    "focus", "stage", "span", "overdue", "format", "preview", "days",
)
HOSTILE = ("²", "01/01/0001", "31/12/9999", "99/99/9999", "31/02/2026", "2025-01-01", "99999999", "-1", "", "9" * 5000, "../")
# ``org`` and ``plan`` end a request with a 404 when bad, so they are fuzzed alone, with
# what could break reading an id.
ALONE = ("org", "plan")
BAD_IDS = ("²", "9" * 5000, "-1", "../", "31/12/9999")


class _Values(dict):
    """The scoping walk's values; a URL parameter it does not know yet gets 1 here (that
    walk is the one that fails for it)."""

    def __contains__(self, name):
        return True

    def __missing__(self, name):
        return 1


def _get_urls(values):
    for name, route, _pattern in _patterns():
        if name in PUBLIC or "static" in route:
            continue
        yield name, _fill(route, values)


@contextmanager
def _recording_reads(names: set):
    """Note every name looked up in a query string (``request.GET`` or a form bound to it)."""
    get, getitem, contains = QueryDict.get, QueryDict.__getitem__, QueryDict.__contains__

    def noted(method):
        def read(self, key, *args):
            names.add(key)
            return method(self, key, *args)
        return read

    with mock.patch.multiple(QueryDict, get=noted(get), __getitem__=noted(getitem), __contains__=noted(contains)):
        yield


def _queries(read: set, org_id: int):
    """Every hostile value for every name read: the names take the values in rotation, so
    that ``len(HOSTILE)`` requests give each name each value."""
    names = sorted(read - set(ALONE))
    for turn in range(len(HOSTILE) if names else 0):
        yield {"org": org_id, "plan": "", **{name: HOSTILE[(i + turn) % len(HOSTILE)] for i, name in enumerate(names)}}
    for name in read & set(ALONE):
        yield from ({name: value} for value in BAD_IDS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["province_officer", "admin_user"])
def test_no_query_parameter_value_makes_a_page_fail(request, tree, outsider, persona):
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue(persona))
    values = _Values(_outside_values(tree, outsider))
    failures, fuzzed = [], 0
    for name, url in _get_urls(values):
        read = set()
        with _recording_reads(read):
            probe = client.get(url, {**dict.fromkeys(PARAMETERS, "1"), "org": tree.province.pk, "plan": ""})
        if probe.status_code in (403, 404, 405):
            continue
        for query in _queries(read, tree.province.pk):
            fuzzed += 1
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append(f"{name} {url}?{urlencode(query)[:120]} gave {response.status_code}")
    assert not failures, "\n".join(failures)
    assert fuzzed > 100


# A page with a date filter, and the filter's name.
DATE_FILTERS = [
    ("members:search", {}, "as_of"),
    ("organizations:tree", {}, "as_of"),
    ("organizations:detail", {"org_id": "province"}, "as_of"),
    ("organizations:detail", {"org_id": "province"}, "from"),
    ("checks:run", {}, "to"),
    ("recruitment:board", {}, "as_of"),
    ("recruitment:sources", {}, "as_of"),
    ("recruitment:sources_missing", {}, "as_of"),
    ("dashboards:dashboard", {}, "as_of"),
]
BAD_DATES = [
    ("31/02/2026", "Ngày 31/02/2026 không có."),
    ("99/99/9999", "Ngày 99/99/9999 không có."),
    ("31/12/9999", "Ngày 31/12/9999 nằm ngoài khoảng cho phép, từ 01/01/1930 đến 31/12/2100."),
    ("01/01/0001", "Ngày 01/01/0001 nằm ngoài khoảng cho phép, từ 01/01/1930 đến 31/12/2100."),
    ("hôm qua", "“hôm qua” không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy."),
]


def _input_value(page: str, name: str) -> str:
    return html.unescape(re.search(rf'<input[^>]* name="{name}"[^>]* value="([^"]*)"', page).group(1))


def _page(tree, name, kwargs):
    return reverse(name, kwargs={key: getattr(tree, value).pk for key, value in kwargs.items()})


@pytest.mark.django_db
@pytest.mark.parametrize("text, message", BAD_DATES)
@pytest.mark.parametrize("name, kwargs, parameter", DATE_FILTERS)
def test_a_bad_date_in_a_filter_is_said_on_the_page_and_kept_as_typed(client, tree, province_officer, name, kwargs, parameter, text, message):
    client.force_login(province_officer)
    response = client.get(_page(tree, name, kwargs), {"org": tree.province.pk, parameter: text})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert _input_value(page, parameter) == text


@pytest.mark.django_db
def test_the_figures_of_a_refused_as_of_date_are_those_of_today_and_the_page_says_so(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("members:search"), {"as_of": "31/02/2026"})
    assert response.context["as_of"] == dt.date(2026, 11, 23)
    assert "Thay vào đó, trang hiển thị 23/11/2026." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name, text, message", [
    ("recruitment:courses", "99999999", "“99999999” không phải là năm; hãy ghi bốn chữ số, ví dụ 2026."),
    ("workdays:index", "1990", "Năm 1990 nằm ngoài khoảng cho phép, từ 1995 đến 2100."),
    ("recruitment:source_review", "2999", "Năm 2999 nằm ngoài khoảng cho phép, từ 1930 đến 2026."),
])
def test_a_bad_year_in_a_filter_is_said_on_the_page_and_kept_as_typed(client, tree, province_officer, name, text, message):
    client.force_login(province_officer)
    response = client.get(reverse(name), {"year": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert _input_value(page, "year") == text


TRAVERSALS = ("/static/../config/settings.py", "/static/vendor/../../config/settings.py", "/static/..\\config\\settings.py")


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_no_static_path_reaches_outside_the_static_files(settings, debug):
    """Through the application as deployed and as ``runserver`` serves it (under DEBUG,
    Django's own static handler answered such a path with a 500)."""
    settings.DEBUG = debug
    runserver = load_command_class(get_commands()["runserver"], "runserver")
    options = vars(runserver.create_parser("manage.py", "runserver").parse_args([]))
    for application in (get_wsgi_application(), runserver.get_handler(**options)):
        for path in TRAVERSALS:
            environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
            setup_testing_defaults(environ)
            answered = []
            body = b"".join(application(environ, lambda status, headers, exc_info=None: answered.append(status)))
            assert answered[0].startswith("404"), f"{path} (DEBUG={debug}) gave {answered[0]}"
            assert b"SECRET_KEY" not in body


@pytest.mark.django_db
def test_a_bad_date_typed_into_the_member_list_is_said_with_the_results_it_refreshes(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("members:search"), {"as_of": "31/02/2026"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "Ngày 31/02/2026 không có." in response.content.decode()
    assert 'name="as_of"' not in response.content.decode()
