"""File storage in which a file appears whole or not at all.

Django's FileSystemStorage writes straight into the final path, so a worker killed in the middle
of writing a notice or a report leaves a truncated PDF that the page then offers for download.
Here the content goes to a temporary file under ``MEDIA_ROOT/.incoming/`` (the same file system)
and is linked into place only when complete; a kill leaves at most a stray temporary file there,
which ``core.tasks.prune_task_records`` removes after a day.
"""

import os
import tempfile

from django.core.files.storage import FileSystemStorage

INCOMING = ".incoming"


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        if hasattr(content, "temporary_file_path"):  # an upload already on disk: moved in one step
            return super()._save(name, content)
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        incoming = self.path(INCOMING)
        os.makedirs(incoming, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=incoming, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    os.link(temporary, full_path)  # atomic, and never replaces an existing file
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(temporary)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
