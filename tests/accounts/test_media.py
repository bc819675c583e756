"""Nothing under MEDIA_ROOT is served directly, in any mode (issue 8: under ``make run`` /media/
served another village's notice PDF and another member's claim evidence without a login)."""

import importlib

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve


@pytest.mark.parametrize("debug", [False, True])
def test_no_url_serves_media_root_in_any_mode(debug, settings):
    import config.urls

    with override_settings(DEBUG=debug):
        urls = importlib.reload(config.urls)
        try:
            for path in (f"/{settings.MEDIA_URL}stars/notices/公示.pdf", f"/{settings.MEDIA_URL}points/claims/1.jpg"):
                with pytest.raises(Resolver404):
                    resolve(path, urlconf=urls)
        finally:
            importlib.reload(config.urls)
