#!/usr/bin/env bash
# Clean build against code-only rebuild, per language template, on its dependency example
# (function-templates/examples/dependencies): the image build a deploy runs, with the build context
# laid out as the gateway lays it out (template at the root, the function under function/) and the
# engine's legacy builder, which is what the gateway's Engine API build uses.
#   clean      docker build --no-cache: every step runs, dependencies are downloaded again
#   code-only  one line of the handler changed, the engine's cache used: only the layers after the
#              dependency step run again (the test DependenciesTest checks that it says "Using cache")
# No gateway needed; needs the docker engine and the stoker/* base images (deploy/base-images.sh).
# The network is used as a deploy uses it (npm registry, Maven Central); python gets its library as a
# local wheel, built first with pip in stoker/python-build.
#
# Settings (environment): TEMPLATES (default "node python java"), CODE_RUNS (code-only rebuilds per
# template, default 3; the median is reported), WRITE_DOCS=1 (write the build-cache section of
# docs/benchmarks.md; otherwise the section is only printed).
set -euo pipefail
SCENARIO=build-cache
# shellcheck source=benchmarks/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPLATES="${TEMPLATES:-node python java}"
CODE_RUNS="${CODE_RUNS:-3}"
[[ "$CODE_RUNS" =~ ^[1-9][0-9]*$ ]] || die "CODE_RUNS must be a whole number above 0, got '$CODE_RUNS'"
require_tools docker awk sort date
docker info >/dev/null 2>&1 || die "the docker engine does not answer"

EXAMPLES="$ROOT/function-templates/examples/dependencies"
WORK="$(mktemp -d /tmp/stoker-build-cache.XXXXXX)"
TAGS=()
DONE=0
cleanup() {
    local t
    for t in "${TAGS[@]}"; do docker rmi -f "$t" >/dev/null 2>&1 || true; done
    # A failed run keeps its build logs (the error names them).
    if [ "$DONE" = 1 ]; then rm -rf "$WORK"; else say "build logs kept in $WORK"; fi
}
trap cleanup EXIT

# What stoker.yaml gives the build (handler and build.args), written out per example.
build_args() {
    case "$1" in
        node) echo "--build-arg HANDLER=handler.js" ;;
        python) echo "--build-arg HANDLER=handler.handle --build-arg PIP_FIND_LINKS=/function/wheels --build-arg PIP_NO_INDEX=1" ;;
        java) echo "--build-arg HANDLER=com.example.Words" ;;
    esac
}
code_file() {
    case "$1" in
        node) echo handler.js ;;
        python) echo handler.py ;;
        java) echo src/main/java/com/example/Words.java ;;
    esac
}

# build CONTEXT TAG [--no-cache]: prints the seconds the build took; the output goes to CONTEXT.log
build() {
    local ctx="$1" tag="$2" t0 t1
    shift 2
    t0=$(date +%s.%N)
    # shellcheck disable=SC2046
    DOCKER_BUILDKIT=0 docker build "$@" $(build_args "$TEMPLATE") -t "$tag" "$ctx" >>"$ctx.log" 2>&1 \
        || die "docker build of $tag failed; see $ctx.log"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'
}

ROWS=()
for TEMPLATE in $TEMPLATES; do
    example="$EXAMPLES/$TEMPLATE-deps"
    [ -d "$example" ] || die "no example $example"
    ctx="$WORK/$TEMPLATE"
    mkdir -p "$ctx"
    cp -r "$ROOT/function-templates/$TEMPLATE/." "$ctx/"
    cp -r "$example" "$ctx/function"
    rm -rf "$ctx/function/node_modules"   # the gateway leaves it out next to a package.json
    if [ "$TEMPLATE" = python ]; then
        mkdir -p "$ctx/function/wheels"
        docker run --rm -e SOURCE_DATE_EPOCH=946684800 -v "$EXAMPLES/stoker-greeting:/src:ro" \
            -v "$ctx/function/wheels:/out" stoker/python-build:bookworm sh -c \
            'cp -r /src /tmp/src && python3 -m pip wheel -q --no-deps --no-build-isolation --no-index -w /out /tmp/src' \
            || die "building the stoker-greeting wheel failed"
    fi
    tag="stoker-bench/build-cache-$TEMPLATE:$$"
    TAGS+=("$tag")
    say "$TEMPLATE: clean build (--no-cache)..."
    clean=$(build "$ctx" "$tag" --no-cache)
    say "$TEMPLATE: clean build took $clean s; $CODE_RUNS code-only rebuild(s)..."
    times=()
    for i in $(seq 1 "$CODE_RUNS"); do
        if [ "$TEMPLATE" = python ]; then mark="#"; else mark="//"; fi
        echo "$mark code-only change $i" >>"$ctx/function/$(code_file "$TEMPLATE")"
        times+=("$(build "$ctx" "$tag")")
    done
    # The last rebuild's dependency step must have come from the cache, or the figure means nothing.
    # (No early-exiting reader in these pipelines: with pipefail, the writer's SIGPIPE would end the script.)
    last_log="$(awk '/^Sending build context/ { buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' "$ctx.log")"
    cached="$(grep -A1 -E '^Step [0-9]+/[0-9]+ : RUN sh /(deps/install-deps.sh|install-deps.sh|build/build.sh deps)' \
        <<<"$last_log" | grep -c 'Using cache' || true)"
    [ "$cached" -ge 1 ] || die "$TEMPLATE: the code-only rebuild did not reuse the dependency step; see $ctx.log"
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    say "$TEMPLATE: code-only rebuilds took ${times[*]} s (median $median s)"
    ROWS+=("| $TEMPLATE | \`$TEMPLATE-deps\` | $clean | $median | ${times[*]} | $(awk -v c="$clean" -v m="$median" 'BEGIN { printf "%.1f×", c / m }') |")
done

SECTION="$WORK/section.md"
{
    echo "<!-- build-cache:begin -->"
    echo "## Builds with dependencies: clean against code-only"
    echo
    echo "_Written by \`benchmarks/build-cache.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); re-running it with WRITE_DOCS=1 replaces this section._"
    echo
    echo "Command: \`WRITE_DOCS=1 benchmarks/build-cache.sh\` as root (CODE_RUNS=$CODE_RUNS). The image build of a"
    echo "deploy of each template's dependency example, timed around \`docker build\` with the gateway's"
    echo "context layout and the legacy builder: **clean** is \`--no-cache\` (dependencies downloaded and"
    echo "installed again: npm registry, Maven Central; python from a local wheel), **code-only** changes"
    echo "one line of the handler and uses the cache, so the dependency step says \`Using cache\` (the"
    echo "script checks it) and only the code's layers run. Docker $(docker version --format '{{.Server.Version}}'),"
    echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; the machine is shared."
    echo
    echo "| template | example | clean (s) | code-only, median (s) | code-only runs (s) | clean / code-only |"
    echo "|---|---|---:|---:|---|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "What a code-only rebuild still runs: node copies the code (no RUN step at all); python copies"
    echo "the folder into a small manifests stage and copies requirements.txt and wheels/ out of it (the"
    echo "copy is cached by content), then copies the code and compiles it; java compiles the code with"
    echo "Maven (offline in effect: the plugins came with the dependency layer) and records the AppCDS"
    echo "archive again."
    echo "<!-- build-cache:end -->"
} >"$SECTION"
cat "$SECTION"
DONE=1
if [ "${WRITE_DOCS:-}" = 1 ]; then
    replace_section "$ROOT/docs/benchmarks.md" build-cache "$SECTION"
    say "wrote the 'build-cache' section of docs/benchmarks.md"
fi
