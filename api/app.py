"""The FastAPI application factory. Its lifespan owns the store (and so the one driver)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api import pages
from api.deps import StoreDep
from api.errors import error_body, install_error_handlers
from api.routers import catalog, duplication, gaps, matches, screening, search
from api.routers import ingest as ingest_routes
from graph import open_store
from graph.store import Store, StoreUnavailable
from partnergraph import __version__
from partnergraph.config import Settings, get_settings
from viz import routes as viz_routes
from viz.render import VENDOR_DIR

STATIC_DIR = Path(__file__).parent / "static"


def store_from_settings(settings: Settings) -> Store:
    return open_store(
        settings.backend,
        data_dir=settings.data_dir,
        neo4j_uri=settings.neo4j_uri,
        neo4j_user=settings.neo4j_user,
        neo4j_password=(
            settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        ),
        neo4j_database=settings.neo4j_database,
    )


def create_app(
    settings: Settings | None = None, store: Store | None = None, *, warm_up: bool = False
) -> FastAPI:
    """Build the app. A ``store`` passed in is used as is and left open at shutdown. With
    ``warm_up`` (``partnergraph serve``), the hub's facts and search index are computed in
    a background thread at start, so that the first visitor does not wait for them."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        app.state.store = store if store is not None else store_from_settings(settings)
        if warm_up:
            threading.Thread(
                target=pages.warm_up, args=(app.state.store,), name="warm-up", daemon=True
            ).start()
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(
        title="partnergraph",
        version=__version__,
        description="UN agency–business partnerships: duplication, gaps, matchmaking.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)

    @app.get("/health", tags=["health"])
    def health(store: StoreDep) -> Any:
        try:
            store.ping()
            counts = store.counts()
        except StoreUnavailable:
            body = {
                "status": "unavailable",
                "backend": store.backend,
                **error_body("unavailable", "the graph store is unavailable"),
            }
            return JSONResponse(body, status_code=503)
        return {"status": "ok", "backend": store.backend, "counts": counts}

    app.include_router(catalog.router)
    app.include_router(duplication.router)
    app.include_router(screening.router)
    app.include_router(matches.router)
    app.include_router(gaps.router)
    app.include_router(search.router)
    app.include_router(ingest_routes.router)
    # The hub's pages and network views; everything they load is served from here (no CDN):
    # /static our CSS and scripts, /static/vendor vis-network and tom-select from pyvis.
    app.include_router(pages.router)
    app.include_router(viz_routes.router)
    app.mount("/static/vendor", StaticFiles(directory=VENDOR_DIR), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
