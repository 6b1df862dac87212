"""Fixtures the web tests share: the settable clock and a registered user's API helper.

Each test module sets ``T0`` (when its clock starts) and, if it uses ``api``,
an ``Api`` class taking ``(client, csrf_token)`` and the ``API_PAGE`` whose
CSRF token the helper sends.
"""

from __future__ import annotations

import pytest

from tests.builders import use_clock


@pytest.fixture
def clock(app, request):
    return use_clock(app, request.module.T0)


@pytest.fixture
def api(request, client, auth, clock):
    auth.register()
    return request.module.Api(client, auth.csrf(request.module.API_PAGE))
