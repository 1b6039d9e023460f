"""Static files of the production mode: WhiteNoise serves them from ``STATIC_ROOT`` with hashed names
(cached for a year by browsers) and gzip copies. Brotli is left out: at its default quality it takes
minutes on plotly's 4.8 MB bundle, and gzip saves most of the bytes already."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ProductionStaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        kwargs["use_brotli"] = False
        return super().create_compressor(**kwargs)


def collect_if_changed() -> bool:
    """``collectstatic`` unless ``STATIC_ROOT`` already holds these very files (a stamp of every
    source file's path, size and modification time): a restart takes seconds, an upgrade recollects.
    Returns whether it collected."""
    import hashlib
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            st = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".hotline-collected"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return False
    call_command("collectstatic", "--noinput", verbosity=0)
    stamp.write_text(digest.hexdigest())
    return True
