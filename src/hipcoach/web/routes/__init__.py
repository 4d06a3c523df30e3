"""One router per resource; the app includes them in this order."""

from __future__ import annotations

from fastapi import APIRouter

from hipcoach.web.routes import auth, home

ROUTERS: list[APIRouter] = [home.router, auth.router]
