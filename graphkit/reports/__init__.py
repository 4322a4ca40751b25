"""Batch reports: brokers ranked overall and per case, likely transfer paths with their
evidence, what changed since an earlier report, as an offline HTML page, CSV and XLSX tables
and an auditable manifest.

Reports orchestrate stores, analysis and views; nothing below imports them.

>>> from graphkit.reports import build_report, ReportResult
"""
from __future__ import annotations

from graphkit.reports.build import ReportError, ReportResult, build_report
from graphkit.reports.compare import compare_manifests, read_manifest

__all__ = ["build_report", "ReportResult", "ReportError", "compare_manifests", "read_manifest"]
