"""The partner hub's HTML pages (placeholder: filled in by the pages work of issue 4)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
