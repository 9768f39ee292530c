#!/usr/bin/env bash
# Build the embedded-Neo4j test launcher: target/classes + target/lib/*.jar.
# Idempotent: does nothing (and needs no Maven) when the build is newer than pom.xml,
# build.sh and src/. The first build downloads ~125 MB of jars from Maven Central.
# Usage: tools/neo4j-launcher/build.sh [--force]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

stamp="target/.build-stamp"
if [[ "${1:-}" != "--force" && -f "$stamp" && -f target/classes/partnergraph/Neo4jLauncher.class ]] \
    && compgen -G "target/lib/neo4j-*.jar" >/dev/null \
    && [[ -z "$(find pom.xml build.sh src -newer "$stamp" -print -quit)" ]]; then
    exit 0
fi

for tool in java mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "neo4j-launcher: '$tool' not found on PATH (building needs a JDK 17+ and Maven)" >&2
        exit 127
    fi
done

rm -rf target/lib target/classes "$stamp"   # no stale jars of an older Neo4j version
mvn -q -B -Dstyle.color=never -f pom.xml package
touch "$stamp"
