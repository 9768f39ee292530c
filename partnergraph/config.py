"""Settings read from the environment (one place, one prefix per concern)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration.

    ``PARTNERGRAPH_*`` variables choose the backend and data folder; the Neo4j connection uses
    the conventional ``NEO4J_*`` names so the same values work for the driver, the Docker image
    and this program.
    """

    model_config = SettingsConfigDict(env_prefix="PARTNERGRAPH_", extra="ignore")

    backend: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Path("./partnergraph-data")
    editor_key: SecretStr | None = None

    neo4j_uri: str = Field(default="bolt://127.0.0.1:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")


@lru_cache
def get_settings() -> Settings:
    return Settings()
