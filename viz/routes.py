"""The interactive network pages under /viz (placeholder: filled in by issue 4's viz work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
