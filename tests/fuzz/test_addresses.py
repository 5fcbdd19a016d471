"""Nothing typed into an address breaks a page or sneaks a change in.

Every list and download of the permission matrix is opened with bad values in every query
parameter it offers (its filter forms, the links it draws, and the parameters its view
reads), and every address with an out-of-range number in it. No answer may be a server
error, and a GET never saves anything. See tests.fuzz.kit for the bounds (FUZZ_EXAMPLES,
FUZZ_SECONDS).
"""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from hypothesis import strategies as st

from tests.fuzz.kit import EXAMPLES, NASTY, SECONDS, Budget, bad_text, fuzz, matrix_urls, rotated

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_every_list_and_download_answers_bad_query_parameters_without_a_server_error(run, found):
    assert len(found.queries) > 10, found.queries
    for url, query in sorted(found.queries.items()):
        for turn in range(len(NASTY)):
            role = query.roles[turn % len(query.roles)]
            run.request(role, "get", url, rotated(query.names, turn), what=f"GET {url} as {role}")
    budget = Budget(SECONDS)
    for url, query in sorted(found.queries.items()):
        if not budget.left():
            break
        strategy = st.tuples(
            st.sampled_from(query.roles),
            st.dictionaries(st.sampled_from(sorted(query.names)), bad_text, min_size=1),
        )
        fuzz(
            strategy,
            lambda example, url=url: run.request(
                example[0], "get", url, example[1], what=f"GET {url} as {example[0]}"
            ),
            examples=EXAMPLES,
        )


def test_out_of_range_numbers_in_any_address_get_404(run, world):
    wrong_answers = []
    for url in matrix_urls(world):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        for name, value in match.kwargs.items():
            if not isinstance(value, int):
                continue
            for wrong in (0, 2**63, 10**20, 10**30):
                address = reverse(match.view_name, kwargs=match.kwargs | {name: wrong})
                response = run.request("admin", "get", address, what=f"GET {address}")
                if response.status_code == 405:  # answers POST only
                    response = run.request("admin", "post", address, what=f"POST {address}")
                if response.status_code != 404:
                    wrong_answers.append((address, response.status_code))
    assert not wrong_answers
