"""Qdrant's own engine (the PyPI wheel qdrant-edge-py, in-process) behind a small HTTP server of botserver-e2e.

It is not the Qdrant server: it answers exactly the REST routes BotServer calls (docs/contract.md "Knowledge bases";
contract §11.10) with Qdrant's documented JSON shapes, each collection an EdgeShard of its own under --dir:
  GET /healthz, GET /readyz, GET /
  GET|PUT|DELETE /collections/{c}, PUT /collections/{c}/index
  PUT /collections/{c}/points[?wait=true], POST /collections/{c}/points/delete|search|scroll
Answers: {"result": ..., "status": "ok", "time": s}; errors {"status": {"error": "..."}, "time": s} with Qdrant's
codes (404 a missing collection, 409 one that exists, 400 a wrong vector size or a bad body). Every request is
recorded for GET /__admin/requests (?path=, ?contains=, ?since=), as the suite's stand-ins do; DELETE clears it.

  python qdrant-edge-server.py --port N --dir DATA_DIR
Binds 127.0.0.1 (--host 0.0.0.0 only inside its container image); stops on SIGTERM/SIGINT, closing its shards.
Like the stack's other processes it is stopped by the stack, its watchdog, or the next start's reaper (stack/), not
by dying with its parent: the reaper counts and removes what an abandoned stack left.
"""
import argparse, hashlib, json, os, shutil, signal, sys, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

import qdrant_edge as q

DISTANCES = {"Cosine": q.Distance.Cosine, "Dot": q.Distance.Dot, "Euclid": q.Distance.Euclid}
# Qdrant's own rule for a collection's name (validate_collection_name in its REST API): 1 to 255 characters, none of
# these; anything else (spaces, accents, "#" when percent-encoded) is a valid name.
INVALID_NAME_CHARS = '<>:"/\\|?*\0\x1f'


def name_error(name):
    """Qdrant's validation message for a collection name it refuses, or None."""
    bad = next((c for c in INVALID_NAME_CHARS if c in name), None)
    if bad is not None:
        return f'collection name cannot contain "{bad}" char'
    if not 1 <= len(name) <= 255:
        return "collection name must be 1 to 255 characters long"
    return None


class Fail(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class Collection:
    def __init__(self, path, size, distance):
        self.path, self.size, self.distance, self.ops = path, size, distance, 0
        config = q.EdgeConfig(vectors=q.EdgeVectorParams(size=size, distance=DISTANCES[distance]))
        self.shard = q.EdgeShard.load(path, config) if os.path.exists(os.path.join(path, "meta.json")) else q.EdgeShard.create(path, config)
        with open(os.path.join(path, "meta.json"), "w") as f:
            json.dump({"size": size, "distance": distance}, f)


class Store:
    """The collections, each an EdgeShard; one lock keeps the engine's calls in order."""

    def __init__(self, root):
        self.root, self.lock, self.cols = root, threading.Lock(), {}
        os.makedirs(root, exist_ok=True)
        for name in sorted(os.listdir(root)):
            meta = os.path.join(root, name, "meta.json")
            if os.path.exists(meta):
                m = json.load(open(meta))
                self.cols[name] = Collection(os.path.join(root, name), m["size"], m["distance"])

    def get(self, name):
        if name not in self.cols:
            raise Fail(404, f"Not found: Collection `{name}` doesn't exist!")
        return self.cols[name]

    def close(self):
        for c in self.cols.values():
            c.shard.close()


def point_id(v):
    if isinstance(v, int) and v >= 0:
        return v
    if isinstance(v, str):
        try:
            return str(uuid.UUID(v))
        except ValueError:
            pass
    raise Fail(400, f"Format error in JSON body: value {json.dumps(v)} is not a valid point ID, valid values are either an unsigned integer or a UUID")


def show_id(v):
    return v if isinstance(v, int) else str(v)


def condition(c):
    if "must" in c or "should" in c or "must_not" in c:
        raise Fail(400, "Wrong input: nested filters are not served here (qdrant-edge behind botserver-e2e)")
    if "has_id" in c:
        return q.HasIdCondition(set(point_id(i) for i in c["has_id"]))
    m = c.get("match") or {}
    if "value" in m:
        match = q.MatchValue(m["value"])
    elif "any" in m:
        match = q.MatchAny(m["any"])
    elif "text" in m:
        match = q.MatchText(m["text"])
    else:
        raise Fail(400, f"Format error in JSON body: unsupported condition {json.dumps(c)}")
    return q.FieldCondition(key=c["key"], match=match)


def to_filter(f):
    if not f:
        return None
    return q.Filter(**{k: [condition(c) for c in f[k]] for k in ("must", "should", "must_not") if f.get(k)})


def vector_of(body):
    v = body.get("vector")
    if isinstance(v, dict):
        v = v.get("vector")
    if not isinstance(v, list) or not all(isinstance(x, (int, float)) for x in v):
        raise Fail(400, "Format error in JSON body: `vector` must be a list of numbers")
    return [float(x) for x in v]


def engine(call, col):
    try:
        return call()
    except Fail:
        raise
    except Exception as e:  # the engine's own message, as Qdrant words a bad input
        text = str(e)
        raise Fail(400, f"Wrong input: {text}") if "dimension" in text.lower() or "id" in text.lower() else Fail(500, f"Service internal error: {text}")


def updated(col, wait):
    col.ops += 1
    return {"operation_id": col.ops, "status": "completed" if wait else "acknowledged"}


def collection_info(col):
    n = col.shard.info().points_count
    return {
        "status": "green", "optimizer_status": "ok", "indexed_vectors_count": 0, "points_count": n, "segments_count": col.shard.info().segments_count,
        "config": {
            "params": {"vectors": {"size": col.size, "distance": col.distance}, "shard_number": 1, "replication_factor": 1, "write_consistency_factor": 1, "on_disk_payload": True},
            "hnsw_config": {"m": 16, "ef_construct": 100, "full_scan_threshold": 10000, "max_indexing_threads": 0, "on_disk": False},
            "optimizer_config": {"deleted_threshold": 0.2, "vacuum_min_vector_number": 1000, "default_segment_number": 0, "max_segment_size": None, "memmap_threshold": None, "indexing_threshold": 20000, "flush_interval_sec": 5, "max_optimization_threads": None},
            "wal_config": {"wal_capacity_mb": 32, "wal_segments_ahead": 0},
            "quantization_config": None,
        },
        "payload_schema": {},
    }


def route(store, method, path, query, body):
    """One REST call: (status, result) or Fail."""
    # Each segment percent-decoded, as Qdrant's router does ("my%20docs" is the collection "my docs").
    parts = [unquote(p) for p in path.split("/") if p]
    wait = query.get("wait", ["false"])[0] == "true"
    if parts[:1] != ["collections"] or len(parts) < 2:
        raise Fail(404, f"Not found: {method} {path} is not served here (qdrant-edge behind botserver-e2e serves BotServer's routes only)")
    name, rest = parts[1], parts[2:]
    with store.lock:
        if not rest and method == "GET":
            return collection_info(store.get(name))
        if not rest and method == "PUT":
            invalid = name_error(name)
            if invalid:
                raise Fail(422, f"Validation error in path parameters: [name: {invalid}]")
            if name in store.cols:
                raise Fail(409, f"Wrong input: Collection `{name}` already exists!")
            v = body.get("vectors")
            if not isinstance(v, dict) or not isinstance(v.get("size"), int) or v["size"] < 1 or v.get("distance") not in DISTANCES:
                raise Fail(400, 'Format error in JSON body: `vectors` must be {"size": n > 0, "distance": "Cosine"|"Dot"|"Euclid"}')
            store.cols[name] = Collection(os.path.join(store.root, hashlib.sha1(name.encode()).hexdigest()), v["size"], v["distance"])
            return True
        if not rest and method == "DELETE":
            col = store.cols.pop(name, None)
            if col:
                col.shard.close()
                shutil.rmtree(col.path, ignore_errors=True)
            return col is not None
        col = store.get(name)
        if rest == ["index"] and method == "PUT":
            field, schema = body.get("field_name"), body.get("field_schema")
            if field and isinstance(schema, str) and schema.capitalize() in q.PayloadSchemaType.__members__:
                engine(lambda: col.shard.update(q.UpdateOperation.create_field_index(field, q.PayloadSchemaType.__members__[schema.capitalize()])), col)
            return updated(col, wait)
        if rest == ["points"] and method == "PUT":
            pts = body.get("points")
            if not isinstance(pts, list):
                raise Fail(400, "Format error in JSON body: `points` must be a list")
            points = [q.Point(point_id(p.get("id")), vector_of(p), p.get("payload") or {}) for p in pts]
            engine(lambda: col.shard.update(q.UpdateOperation.upsert_points(points)), col)
            return updated(col, wait)
        if rest == ["points", "delete"] and method == "POST":
            if "filter" in body:
                op = q.UpdateOperation.delete_points_by_filter(to_filter(body["filter"]))
            elif isinstance(body.get("points"), list):
                op = q.UpdateOperation.delete_points([point_id(i) for i in body["points"]])
            else:
                raise Fail(400, "Format error in JSON body: give `points` or `filter`")
            engine(lambda: col.shard.update(op), col)
            return updated(col, wait)
        if rest == ["points", "search"] and method == "POST":
            req = q.QueryRequest(limit=int(body.get("limit", 10)), offset=body.get("offset"), query=q.Query.Nearest(vector_of(body)),
                                 filter=to_filter(body.get("filter")), with_payload=bool(body.get("with_payload", False)),
                                 with_vector=bool(body.get("with_vector", False)), score_threshold=body.get("score_threshold"))
            hits = engine(lambda: col.shard.query(req), col)
            return [{"id": show_id(h.id), "version": h.version, "score": h.score, "payload": h.payload, "vector": h.vector} for h in hits]
        if rest == ["points", "scroll"] and method == "POST":
            offset = body.get("offset")
            req = q.ScrollRequest(offset=None if offset is None else point_id(offset), limit=int(body.get("limit", 10)), filter=to_filter(body.get("filter")),
                                  with_payload=bool(body.get("with_payload", True)), with_vector=bool(body.get("with_vector", False)))
            records, nxt = engine(lambda: col.shard.scroll(req), col)
            return {"points": [{"id": show_id(r.id), "payload": r.payload, "vector": r.vector} for r in records], "next_page_offset": None if nxt is None else show_id(nxt)}
    raise Fail(404, f"Not found: {method} {path} is not served here (qdrant-edge behind botserver-e2e serves BotServer's routes only)")


class Log:
    def __init__(self):
        self.seq, self.items, self.lock = 0, [], threading.Lock()

    def add(self, handler, body):
        with self.lock:
            self.seq += 1
            self.items.append({"seq": self.seq, "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                               "method": handler.command, "path": handler.path, "headers": {k.lower(): v for k, v in handler.headers.items()}, "body": body})
            del self.items[:-5000]

    def query(self, params):
        path, contains, since = params.get("path", [""])[0], params.get("contains", [""])[0], int(params.get("since", ["0"])[0] or 0)
        with self.lock:
            return [r for r in self.items if r["seq"] > since and (not path or path in r["path"]) and (not contains or contains in json.dumps(r["body"], ensure_ascii=False))]


def handler_for(store, log):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def send(self, status, body, ctype="application/json"):
            data = body.encode() if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self):
            t0, url = time.monotonic(), urlparse(self.path)
            raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode("utf-8", "replace")
            if url.path.startswith("/__admin/"):
                if url.path == "/__admin/health":
                    return self.send(200, {"status": "ok", "service": "qdrant-edge"})
                if url.path == "/__admin/requests" and self.command == "GET":
                    return self.send(200, log.query(parse_qs(url.query)))
                if url.path == "/__admin/requests" and self.command == "DELETE":
                    log.items.clear()
                    return self.send(200, {"cleared": True})
                return self.send(404, {"error": f"no admin route {self.command} {url.path}"})
            try:
                body = json.loads(raw) if raw.strip() else {}
            except ValueError as e:
                body = raw
                log.add(self, body)
                return self.send(400, {"status": {"error": f"Format error in JSON body: {e}"}, "time": time.monotonic() - t0})
            log.add(self, body)
            if url.path in ("/healthz", "/readyz") and self.command == "GET":
                return self.send(200, f"{url.path[1:]} check passed", "text/plain; charset=utf-8")
            if url.path == "/" and self.command == "GET":
                return self.send(200, {"title": "qdrant - vector search engine", "version": f"qdrant-edge-py {q.__version__ if hasattr(q, '__version__') else ''} behind botserver-e2e's HTTP server"})
            try:
                result = route(store, self.command, url.path, parse_qs(url.query), body if isinstance(body, dict) else {})
                self.send(200, {"result": result, "status": "ok", "time": time.monotonic() - t0})
            except Fail as e:
                self.send(e.status, {"status": {"error": str(e)}, "time": time.monotonic() - t0})

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = handle_any

        def log_message(self, fmt, *args):
            sys.stdout.write(f"{datetime.now(timezone.utc).isoformat()} qdrant-edge {self.command} {self.path} -> {args[1] if len(args) > 1 else ''}\n")
            sys.stdout.flush()

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    # 127.0.0.1 on the machine; 0.0.0.0 only inside the container image (scripts/container-engine.sh), whose
    # published port the engine binds to 127.0.0.1.
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--dir", required=True)
    a = ap.parse_args()
    store = Store(a.dir)
    server = ThreadingHTTPServer((a.host, a.port), handler_for(store, Log()))
    server.daemon_threads = True
    stop = lambda *_: threading.Thread(target=server.shutdown).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"qdrant-edge (qdrant-edge-py behind botserver-e2e's HTTP server, not the Qdrant server) on http://{a.host}:{a.port}, data in {a.dir}", flush=True)
    server.serve_forever()
    store.close()


if __name__ == "__main__":
    main()
