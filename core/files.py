"""Every file a user downloads leaves through ``file_response``, which asks the access layer first.

Nothing under MEDIA_ROOT is served directly, in any mode: a template links to a view, the view
fetches the row with ``get_for_user_or_404`` (or passes the row it has) and returns
``file_response(request, obj, field="file")``.
"""

import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse, Http404

from accounts.access import authorize

NO_FILE = "文件不存在"
FILE_GONE = "文件已不存在，请联系管理员"
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def file_response(request, obj, field="file", action="view", filename=None, inline=None, content_type=None):
    """The file in ``obj.<field>`` for ``request.user``, after the access layer allowed ``action``
    on ``obj`` (404 outside scope, 403 for a role that may not). A download (attachment) unless
    ``inline`` — by default pictures are shown inline; ``nosniff`` keeps browsers from guessing."""
    authorize(request.user, action, obj)
    stored = getattr(obj, field)
    if not stored:
        raise Http404(NO_FILE)
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(FILE_GONE) from exc
    name = filename or PurePosixPath(stored.name).name
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if inline is None:
        inline = content_type in INLINE_TYPES
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
