"""Answer writing endpoints of the JSON API, with their OpenAPI paths and schemas."""

from __future__ import annotations

PATHS: dict = {}
SCHEMAS: dict = {}
