#!/usr/bin/env bash
# A Docker engine and the service images for the `containers` provider, on a machine without a registry.
#   bash scripts/container-engine.sh start    # prints `export` lines on stdout: eval "$(bash scripts/container-engine.sh start)"
#   bash scripts/container-engine.sh status
#   bash scripts/container-engine.sh prune    # removes containers left by stacks no longer running (refuses while one runs)
#   bash scripts/container-engine.sh stop     # prune, then stops the dockerd this script started (by its pid)
#   bash scripts/container-engine.sh images   # the images it builds: key, setting, tag (an error if none is listed)
# start is idempotent: an engine that already answers (DOCKER_HOST or the default socket) is used as it is;
# otherwise docker.io is installed (root) and dockerd is started on a socket in a state dir of its own.
# The images are the services' (stack/services/*.ts `image`: its setting and `local`, the tag built here), asked
# of scripts/stack-docs.ts --images; each is built only when its tag is missing, by the recipe named after the
# service's key below: PostgreSQL and Redis from Debian's packages (debootstrap, then docker import/build), an S3
# stand-in (s3rver, not MinIO) for MinioContainer, and Qdrant's engine behind our HTTP server (qdrant-edge, not the
# Qdrant server) for QdrantContainer. A service with an image and no recipe here is pulled from a registry.
# Everything but the export lines goes to stderr.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${CONTAINER_ENGINE_DIR:-/var/tmp/botserver-e2e-docker}
SOCK="$STATE/docker.sock"
# Node 22 (the project's devDependency) runs the TypeScript that knows the images; the system's may be older.
NODE="$ROOT/node_modules/.bin/node"
[[ -x "$NODE" ]] || NODE=node
BASE_IMAGE=botserver-e2e/debian-base:bookworm
say() { echo "[container-engine] $*" >&2; }

# The services' images built here, one line each: key, setting, tag (those whose file gives a `local` tag).
local_images() {
  local lines
  lines=$("$NODE" "$ROOT/scripts/stack-docs.ts" --images) \
    || { say "could not read the services' images (node scripts/stack-docs.ts --images failed): run npm ci first"; exit 1; }
  # Every service file declares its image: no line, or one that is not key, setting, tag, local tag, is the
  # generator gone wrong (it once printed nothing from a path with a space), never "no image to build".
  [[ -n "$lines" ]] || { say "node scripts/stack-docs.ts --images listed no image"; exit 1; }
  awk -F'\t' 'NF != 4 { bad = 1 } END { exit bad }' <<<"$lines" \
    || { say "node scripts/stack-docs.ts --images printed a line that is not key, setting, tag, local tag: $lines"; exit 1; }
  awk -F'\t' '$4 != "-" { print $1, $2, $4 }' <<<"$lines"
}

answers() { DOCKER_HOST="$1" timeout 5 docker info >/dev/null 2>&1; }

engine_host() {
  if [[ -n "${DOCKER_HOST:-}" ]] && answers "$DOCKER_HOST"; then echo "$DOCKER_HOST"; return; fi
  if [[ -S /var/run/docker.sock ]] && answers unix:///var/run/docker.sock; then echo unix:///var/run/docker.sock; return; fi
  if [[ -S "$SOCK" ]] && answers "unix://$SOCK"; then echo "unix://$SOCK"; return; fi
  return 1
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    say "no Docker engine answers and ${missing[*]} is missing: install it (sudo apt-get install -y ${missing[*]}) and start Docker, or run this script as root"
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

start_dockerd() {
  install_packages
  mkdir -p "$STATE"
  say "starting dockerd on unix://$SOCK (state in $STATE)"
  # --ip 127.0.0.1: published ports bind to loopback only.
  setsid dockerd --host "unix://$SOCK" --data-root "$STATE/root" --exec-root "$STATE/exec" --pidfile "$STATE/dockerd.pid" \
    --ip 127.0.0.1 --iptables=true >"$STATE/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    answers "unix://$SOCK" && return 0
    sleep 0.25
  done
  say "dockerd did not answer within 30 s; its log ($STATE/dockerd.log) ends with:"
  tail -20 "$STATE/dockerd.log" >&2
  exit 1
}

have_image() { DOCKER_HOST="$HOST" docker image inspect "$1" >/dev/null 2>&1; }

apt_mirror() {
  sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | grep . || echo http://deb.debian.org/debian
}

build_base() {
  have_image "$BASE_IMAGE" && return 0
  [[ $(id -u) -eq 0 ]] || { say "building images needs root (debootstrap)"; exit 1; }
  local rootfs="$STATE/rootfs"
  rm -rf "$rootfs"
  say "debootstrap bookworm (postgresql-15, redis-server, nodejs, python3) from $(apt_mirror)"
  debootstrap --variant=minbase --include=postgresql-15,redis-server,nodejs,python3,ca-certificates bookworm "$rootfs" "$(apt_mirror)" >"$STATE/debootstrap.log" 2>&1 \
    || { tail -20 "$STATE/debootstrap.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  say "docker import $BASE_IMAGE"
  tar -C "$rootfs" -c . | DOCKER_HOST="$HOST" docker import - "$BASE_IMAGE" >&2
  rm -rf "$rootfs"
}

# The recipes, by service key: recipe_<key> prints the Dockerfile (FROM the Debian base), prepare_<key> CONTEXT
# adds what it copies beyond scripts/container-images/.
recipe_postgres() {
  echo "FROM $BASE_IMAGE
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT [\"/bin/sh\", \"/usr/local/bin/docker-entrypoint.sh\"]
STOPSIGNAL SIGINT"
}
recipe_redis() {
  echo "FROM $BASE_IMAGE
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT [\"/bin/sh\", \"/usr/local/bin/docker-entrypoint.sh\"]
CMD [\"redis-server\"]"
}
prepare_s3() {
  # s3rver at the version the project locks, with its dependencies, from the npm registry.
  local version
  version=$("$NODE" -e "console.log(require('$ROOT/node_modules/s3rver/package.json').version)" 2>/dev/null || echo 3.7.1)
  (cd "$1" && npm install --no-save --no-audit --no-fund --omit=dev --prefix "$1/app" "s3rver@$version" >&2)
}
recipe_s3() {
  echo "FROM $BASE_IMAGE
COPY app /app
COPY s3-standin.cjs /app/s3-standin.cjs
ENV NODE_PATH=/app/node_modules
ENTRYPOINT [\"node\", \"/app/s3-standin.cjs\"]"
}
prepare_qdrant() {
  # Qdrant's engine (qdrant-edge-py, from the venv scripts/setup.sh made) behind stack/qdrant-edge-server.py.
  local site
  site=$(ls -d "$ROOT"/node_modules/.cache/qdrant-edge/venv/lib/python3*/site-packages 2>/dev/null | head -1)
  [[ -n "$site" && -d "$site/qdrant_edge" ]] || { say "qdrant-edge-py is not installed in the project's venv: run bash scripts/setup.sh first"; exit 1; }
  mkdir -p "$1/site-packages"
  cp -r "$site"/qdrant_edge* "$1/site-packages/"
  cp "$ROOT/stack/qdrant-edge-server.py" "$1/"
}
recipe_qdrant() {
  echo "FROM $BASE_IMAGE
COPY site-packages /app/site-packages
COPY qdrant-edge-server.py /app/qdrant-edge-server.py
ENV PYTHONPATH=/app/site-packages
ENTRYPOINT [\"python3\", \"/app/qdrant-edge-server.py\", \"--host\", \"0.0.0.0\", \"--port\", \"6333\", \"--dir\", \"/qdrant/storage\"]"
}

# build_image KEY TAG: the service KEY's image under TAG, by its recipe, unless TAG is here already.
build_image() {
  local key="$1" tag="$2" context
  have_image "$tag" && return 0
  if ! declare -F "recipe_$key" >/dev/null; then
    say "no recipe for $key's image $tag here: it is pulled from a registry"
    return 0
  fi
  build_base
  context=$(mktemp -d)
  cp "$ROOT"/scripts/container-images/* "$context/"
  if declare -F "prepare_$key" >/dev/null; then "prepare_$key" "$context"; fi
  "recipe_$key" > "$context/Dockerfile"
  say "docker build $tag"
  DOCKER_HOST="$HOST" docker build -q -t "$tag" "$context" >&2
  rm -rf "$context"
}

# The services' images whose tag is missing, then the export lines: the engine, and each image built here.
build_images() {
  local key setting tag
  while read -r key setting tag; do build_image "$key" "$tag"; done <<<"$IMAGES"
}

print_exports() {
  local key setting tag
  cat <<EXPORTS
export DOCKER_HOST='$HOST'
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
EXPORTS
  while read -r key setting tag; do
    if have_image "$tag"; then echo "export $setting='$tag'"; fi
  done <<<"$IMAGES"
}

# The stacks' containers (labelled org.botserver-e2e.stack): refuses while a stack that owns some still runs (its
# state.json, labelled org.botserver-e2e.state, names a live owner); else removes them, so nothing is left Exited.
prune_stack_containers() {
  local HOST line cid stack statefile owner status ours
  HOST=$(engine_host) || return 0
  export DOCKER_HOST=$HOST
  mapfile -t ours < <(docker ps -a --filter label=org.botserver-e2e.stack --format '{{.ID}} {{.Label "org.botserver-e2e.stack"}} {{.Label "org.botserver-e2e.state"}}')
  for line in "${ours[@]}"; do
    read -r cid stack statefile <<<"$line"
    owner='' status=''
    if [[ -n "$statefile" && -f "$statefile" ]]; then
      owner=$(sed -n 's/.*"ownerPid": *\([0-9]*\).*/\1/p' "$statefile" | head -1)
      status=$(sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p' "$statefile" | head -1)
    fi
    if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null && [[ "$status" != stopped ]]; then
      echo "container-engine: stack $stack is running (owner pid $owner, $statefile): stop it first (Ctrl-C or kill $owner), then run this again" >&2
      exit 1
    fi
  done
  if ((${#ours[@]})); then
    say "removing ${#ours[@]} container(s) left by stacks that are no longer running"
    docker rm -f $(printf '%s\n' "${ours[@]}" | cut -d' ' -f1) >/dev/null
  fi
}

case "${1:-}" in
  start)
    IMAGES=$(local_images)
    if HOST=$(engine_host); then say "a Docker engine answers at $HOST"; else start_dockerd; HOST="unix://$SOCK"; fi
    t0=$(date +%s%N)
    build_images
    say "images ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    print_exports
    ;;
  status)
    if HOST=$(engine_host); then
      say "engine at $HOST: $(DOCKER_HOST=$HOST docker version --format '{{.Server.Version}}')"
      IMAGES=$(local_images)
      while read -r _ setting image; do have_image "$image" && say "image $image ($setting): present" || say "image $image ($setting): missing"; done <<<"$IMAGES"
      [[ -f "$STATE/dockerd.pid" ]] && say "dockerd started by this script: pid $(cat "$STATE/dockerd.pid")"
      exit 0
    fi
    say "no Docker engine answers"; exit 1
    ;;
  stop)
    prune_stack_containers
    if [[ -f "$STATE/dockerd.pid" ]]; then
      pid=$(cat "$STATE/dockerd.pid")
      if kill -0 "$pid" 2>/dev/null; then
        say "stopping dockerd (pid $pid)"
        kill -TERM "$pid"
        for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -0 "$pid" 2>/dev/null && { say "dockerd did not stop in 20 s: SIGKILL"; kill -KILL "$pid"; }
      fi
      rm -f "$STATE/dockerd.pid"
    else
      say "no dockerd started by this script"
    fi
    ;;
  prune)
    prune_stack_containers
    ;;
  images)
    # The images this script builds where no registry answers: key, setting, tag, one line each.
    local_images
    ;;
  *)
    echo "usage: $0 start|status|prune|stop|images" >&2; exit 2 ;;
esac
