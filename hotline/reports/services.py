"""Writes of the reports app: the manager's commentary on a month (audited)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from hotline.org.models import Center
from hotline.org.services import audit_record

from .models import MonthlyReport


def commentary_save(*, center: Center, month: dt.date, text: str, actor) -> MonthlyReport:
    with transaction.atomic():
        report, _ = MonthlyReport.objects.select_for_update(of=("self",)).get_or_create(
            center=center, month=month.replace(day=1)
        )
        before = report.commentary
        if before == text:
            return report
        report.commentary = text
        report.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        report.save()
        audit_record(
            actor=actor, action="report.commentary", obj=report, before={"text": before}, after={"text": text}
        )
    return report
