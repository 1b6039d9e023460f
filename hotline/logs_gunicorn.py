"""gunicorn's access log as JSON lines (``HOTLINE_LOG_FORMAT=json``; ``hotline serve --production``
passes ``--logger-class hotline.logs_gunicorn.JsonAccessLogger``): the same shape as hotline's own
JSON logs (hotline/logs.py), properly escaped — gunicorn's ``--access-logformat`` cannot escape quotes
in a request line, so a hostile URL would break a JSON template."""

from __future__ import annotations

import datetime as dt
import json
import os

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        a = self.atoms(resp, req, environ, request_time)
        status = str(a.get("s", ""))
        line = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote": a.get("h"),
            "method": a.get("m"),
            "path": a.get("U"),
            "query": a.get("q") or "",
            "protocol": a.get("H"),
            "status": int(status) if status.isdigit() else status,
            "bytes": a.get("B"),
            "duration_ms": a.get("M"),
            "referer": a.get("f"),
            "user_agent": a.get("a"),
            "process": os.getpid(),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))
