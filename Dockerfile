# The partnergraph API and hub. Build: docker build -t partnergraph .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PARTNERGRAPH_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY partnergraph ./partnergraph
COPY graph ./graph
COPY ingest ./ingest
COPY queries ./queries
COPY api ./api
COPY viz ./viz
RUN pip install --no-cache-dir . && useradd --system --home /app partnergraph \
    && mkdir -p /data && chown partnergraph /data

USER partnergraph
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["partnergraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
