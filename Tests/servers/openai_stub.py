#!/usr/bin/env python3
"""A stand-in for vLLM's OpenAI-compatible server, for `ollama-audit verify`'s tests.

Standard library only. Binds 127.0.0.1 on a free port (or --port) and prints the port on its
first stdout line. Serves GET /health, GET /v1/models and POST /v1/chat/completions, with and
without "stream": true (SSE chunks, then `data: [DONE]`).

--mode chooses the behaviour:
  healthy       everything works
  slow          completions wait --delay seconds before answering
  fail          completions answer 500 with an error body
  unauthorized  every /v1 request answers 401, as vLLM does with --api-key and a wrong key
  no-model      only --served-model is listed; a request for another model gets vLLM's 404
  malformed     completions answer 200 with a body that is not JSON
  redirect      /v1/* answers 307 to /real/v1/*, which serves as healthy does
  huge-health   /health answers 200 with --size bytes (default 256 MiB), made on the fly in 64 KiB
                blocks, never held; without a Content-Length (the connection's close ends it)
                unless --declare-length
  endless-stream  streamed completions send valid chunks forever and never `data: [DONE]`
                (at most ~12 MB/s, so a client that keeps everything grows at a bounded pace)
  endless-line  streamed completions send `data: ` and then one line that never ends
  echo-auth     completions answer --echo-status (default 500) with an error message carrying
                the request's Authorization header after --echo-pad characters (default 90),
                so a client that cuts the message at 120 characters cuts inside the secret
  strict        vLLM with strict request checking, for the runtime probe of migrated code
                (Tests/runtime/seed_probe.py); see STRICT below
With --metrics KIND, GET /metrics answers vLLM's Prometheus text (as `vllm serve` does at the
server root), the scheduler and KV-cache gauges and the token and request counters labelled
model_name="<the first --served-model>":
  live          the gauges follow the requests in flight (vllm:num_requests_running = requests
                being answered, vllm:kv_cache_usage_perc = 0.05 per request, at most 1); the
                counters grow with every answered completion (5 generated tokens each)
  fixed         as live, but the gauges hold running 3, waiting 1, KV cache 0.125 at every read,
                so a report of the peaks is the same on every run
  legacy        as fixed, under vLLM V0's name vllm:gpu_cache_usage_perc, with no model_name label
  idle          vLLM's metrics, all zero, and the counters never move (a replica nothing reached)
  hostile       as fixed, amid what a parser must survive: comments, blank lines, escaped quotes and
                line breaks in label values, NaN and +Inf, timestamps, another model's series
                with larger values, lines that are not samples, and a terminal escape
  html          200 with an HTML page (a proxy's login page), not Prometheus text
  huge          200 with --size bytes of comment lines (default 256 MiB), never held
  missing       404, as a server or proxy that does not expose /metrics
--embedding-model NAME (repeatable) serves POST /v1/embeddings for NAME (outside strict mode:
vectors of STRICT_DIMENSIONS floats). --app-path PATH serves a stand-in for the migrated
application's own endpoint at PATH (GET or POST, any body): it answers 200 with a JSON reply
after --app-delay seconds, or --app-status when given.
With --api-key KEY, /v1 requests without `Authorization: Bearer KEY` get 401 (vLLM's rule;
/health stays open). With --log FILE, every request (method, path, body, the status answered
and any error message) is appended to FILE as one JSON line.

STRICT mode serves GET /v1/models (the --served-model ids, OpenAI's list shape),
POST /v1/chat/completions, POST /v1/completions and POST /v1/embeddings, every reply built from
STRICT_CONTENT (streamed as OpenAI SSE chunks, with a usage-only chunk when
stream_options.include_usage is true or --force-include-usage is given, as vLLM's
--enable-force-include-usage does) and embeddings of STRICT_DIMENSIONS floats. It answers
  400 (OpenAI's error body) to a body holding an Ollama-only field (OLLAMA_ONLY_FIELDS) or a
      top-level `system`; chat without `messages`, or with `prompt`, or a message without role
      or content; completions without `prompt`; embeddings without `input`, or with `prompt`;
      stream_options without stream; a chat or completion request for an embedding model
      (an id containing "embed") or an embedding request for any other model
  404 (vLLM's body) to a model that is not served, and to every other path (Ollama's /api/...)
POST /_control (loopback only) with {"reject_stream": N} makes the next N streamed chat
requests answer 400, so a client's non-streaming fallback can be provoked (400, not 5xx:
the openai client retries 5xx). GET /_control answers the content, the embedding length and
the control state. With --exit-on-stdin-eof the server exits when its stdin closes, so it
cannot outlive a parent that was killed.
"""
import argparse
import base64
import itertools
import json
import os
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None

# strict mode: the content every reply carries, the pieces a stream splits it into, and the
# length of every embedding vector
STRICT_PIECES = ["Stub", " reply", " from", " strict", " vLLM."]
STRICT_CONTENT = "".join(STRICT_PIECES)
STRICT_DIMENSIONS = 16
# Fields of Ollama's API that vLLM does not read (it ignores unknown fields with a warning, which
# silently drops what they asked for): a strict server refuses them.
OLLAMA_ONLY_FIELDS = ("options", "format", "keep_alive", "think", "raw", "template", "context", "images",
                      "truncate")
CONTROL = {"reject_stream": 0}
# --metrics: the requests being answered now, and the counters vLLM keeps
METRICS = {"running": 0, "generation_tokens": 0, "prompt_tokens": 0, "success": 0}
METRICS_LOCK = threading.Lock()
CONTROL_LOCK = threading.Lock()
LOG_LOCK = threading.Lock()


class Rejected(Exception):
    """A strict-mode refusal: the status and message to answer."""

    def __init__(self, status, message, kind="BadRequestError", param=None):
        super().__init__(message)
        self.status, self.message, self.kind, self.param = status, message, kind, param


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the tests read stdout for the port only
        pass

    def reset(self):
        """One handler serves every request of a kept-alive connection: forget the last one."""
        self.answered = None
        self.error_message = None
        self.control_rejected = False
        self.pending_log = None

    def end_headers(self):
        # Log before the client can read a byte of the answer: a probe that reads the log as soon
        # as its call returns must find the request there (logging only after the body was
        # written raced with it on a loaded machine).
        self.flush_log()
        super().end_headers()

    def flush_log(self):
        if self.pending_log is not None:
            method, raw = self.pending_log
            self.pending_log = None
            self.log_request_line(method, raw)

    def send_response(self, code, message=None):
        self.answered = code
        super().send_response(code, message)

    def log_request_line(self, method, raw=b""):
        """Appends this request and its answer to --log, one JSON line."""
        if not ARGS.log:
            return
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        entry = {"method": method, "path": self.path, "body": body, "status": getattr(self, "answered", None),
                 "error": getattr(self, "error_message", None)}
        if getattr(self, "control_rejected", False):
            entry["control_rejected"] = True
        line = json.dumps(entry) + "\n"
        with LOG_LOCK:
            with open(ARGS.log, "a", encoding="utf-8") as log:
                log.write(line)

    def send_json(self, status, document, raw=None):
        body = raw if raw is not None else json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle(self):
        # A client that stops reading on its cap closes the connection mid-body: not an error here.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def endless(self, block):
        """Writes `block` until the client goes away, at most ~12 MB/s."""
        for _ in itertools.count():
            self.wfile.write(block)
            self.wfile.flush()
            time.sleep(len(block) / 12e6)

    def error(self, status, message, kind):
        self.error_message = message
        self.send_json(status, {"object": "error", "message": message, "type": kind, "param": None, "code": status})

    def openai_error(self, status, message, kind, param=None):
        """OpenAI's error body, {"error": {...}}, which vLLM answers to a request it refuses."""
        self.error_message = message
        self.send_json(status, {"error": {"message": message, "type": kind, "param": param, "code": status}})

    def route(self):
        path = self.path.split("?", 1)[0]
        if ARGS.mode == "redirect" and path.startswith("/v1/"):
            self.send_response(307)
            self.send_header("Location", "/real" + path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.startswith("/real/v1/"):
            path = path[len("/real"):]
        if path.startswith("/v1/"):
            if ARGS.mode == "unauthorized":
                self.error(401, "Unauthorized", "Unauthorized")
                return None
            if ARGS.api_key and self.headers.get("Authorization") != "Bearer " + ARGS.api_key:
                self.error(401, "Unauthorized", "Unauthorized")
                return None
        return path

    def do_GET(self):
        self.reset()
        self.pending_log = ("GET", b"")
        try:
            self.get()
        finally:
            self.flush_log()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        self.reset()
        self.pending_log = ("POST", raw)
        try:
            self.post(raw)
        finally:
            self.flush_log()

    def get(self):
        path = self.route()
        if path is None:
            return
        if path == "/metrics" and ARGS.metrics:
            self.metrics()
            return
        if ARGS.app_path and path == ARGS.app_path:
            self.app(b"")
            return
        if ARGS.mode == "strict":
            self.strict_get(path)
            return
        if path == "/health" and ARGS.mode == "huge-health":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            if ARGS.declare_length:
                self.send_header("Content-Length", str(ARGS.size))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            block = b"ok " * (65536 // 3) + b"k"
            sent = 0
            while sent < ARGS.size:
                piece = block[:ARGS.size - sent]
                self.wfile.write(piece)
                sent += len(piece)
            self.wfile.flush()
        elif path == "/health":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/v1/models":
            data = [{"id": m, "object": "model", "created": 1700000000, "owned_by": "vllm", "root": m,
                     "parent": None, "max_model_len": 8192} for m in ARGS.served_model]
            self.send_json(200, {"object": "list", "data": data})
        else:
            self.error(404, "Not Found", "NotFoundError")

    def post(self, raw):
        path = self.route()
        if path is None:
            return
        if ARGS.app_path and path == ARGS.app_path:
            self.app(raw)
            return
        if ARGS.mode == "strict":
            self.strict_post(path, raw)
            return
        if path == "/v1/embeddings" and ARGS.embedding_model:
            self.embeddings(raw)
            return
        if path != "/v1/chat/completions":
            self.error(404, "Not Found", "NotFoundError")
            return
        try:
            request = json.loads(raw)
        except ValueError:
            self.error(400, "invalid JSON body", "BadRequestError")
            return
        model = request.get("model")
        if model not in ARGS.served_model:
            self.error(404, "The model `%s` does not exist." % model, "NotFoundError")
            return
        with METRICS_LOCK:
            METRICS["running"] += 1
        try:
            self.complete(request, model)
        finally:
            with METRICS_LOCK:
                METRICS["running"] -= 1

    def counted(self, generated):
        """Counts one answered request, as vLLM's engine does before the answer leaves."""
        if ARGS.metrics == "idle":
            return
        with METRICS_LOCK:
            METRICS["generation_tokens"] += generated
            METRICS["prompt_tokens"] += 12
            METRICS["success"] += 1

    def complete(self, request, model):
        if ARGS.mode == "slow":
            time.sleep(ARGS.delay)
        if ARGS.mode == "fail":
            self.error(500, "CUDA out of memory", "InternalServerError")
            return
        if ARGS.mode == "echo-auth":
            # As a misconfigured proxy or a debugging server might: the header, back in the error.
            echoed = "." * ARGS.echo_pad + "Authorization: " + str(self.headers.get("Authorization"))
            self.error(ARGS.echo_status, echoed, "EchoError")
            return
        if ARGS.mode == "malformed":
            self.send_json(200, None, raw=b'{"choices": [{"message": ')
            return
        words = ["vLLM", " serves", " this", " model", "."]
        created = int(time.time())
        if request.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            # A comment line, as SSE allows; clients must ignore it.
            self.wfile.write(b": keep-alive\n\n")
            if ARGS.mode == "endless-line":
                self.wfile.write(b"data: ")
                self.endless(b"x" * 65536)
                return
            if ARGS.mode == "endless-stream":
                chunk = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": created, "model": model,
                         "choices": [{"index": 0, "delta": {"content": " again"}, "finish_reason": None}]}
                event = b"data: " + json.dumps(chunk).encode() + b"\n\n"
                self.endless(event * (65536 // len(event)))
                return
            self.counted(len(words))
            for i, word in enumerate(words):
                delta = {"content": word} if i else {"role": "assistant", "content": word}
                chunk = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": created, "model": model,
                         "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                self.wfile.flush()
                time.sleep(0.01)
            final = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": created, "model": model,
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(b"data: " + json.dumps(final).encode() + b"\n\n")
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            return
        self.counted(len(words))
        self.send_json(200, {
            "id": "chatcmpl-stub", "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(words)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}})

    # ------------------------------------------------------------------
    # --metrics, --embedding-model, --app-path
    # ------------------------------------------------------------------

    def metrics(self):
        kind = ARGS.metrics
        if kind == "missing":
            self.error(404, "Not Found", "NotFoundError")
            return
        if kind == "html":
            body = b"<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if kind == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            block = (b"# HELP filler " + b"x" * 1000 + b"\n") * 64
            sent = 0
            while sent < ARGS.size:
                self.wfile.write(block)
                sent += len(block)
            self.wfile.flush()
            return
        with METRICS_LOCK:
            state = dict(METRICS)
        if kind in ("fixed", "legacy", "hostile"):
            running, waiting, cache = 3, 1, 0.125
        elif kind == "idle":
            running, waiting, cache = 0, 0, 0.0
        else:
            running, waiting, cache = state["running"], 0, min(1.0, 0.05 * state["running"])
        model = ARGS.served_model[0]
        label = "" if kind == "legacy" else '{engine="0",model_name="%s"}' % model
        cache_name = "vllm:gpu_cache_usage_perc" if kind == "legacy" else "vllm:kv_cache_usage_perc"
        lines = [
            "# HELP vllm:num_requests_running Number of requests in model execution batches.",
            "# TYPE vllm:num_requests_running gauge",
            "vllm:num_requests_running%s %s" % (label, float(running)),
            "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.",
            "# TYPE vllm:num_requests_waiting gauge",
            "vllm:num_requests_waiting%s %s" % (label, float(waiting)),
            "# HELP %s KV-cache usage. 1 means 100 percent usage." % cache_name,
            "# TYPE %s gauge" % cache_name,
            "%s%s %s" % (cache_name, label, cache),
            "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.",
            "# TYPE vllm:prompt_tokens_total counter",
            "vllm:prompt_tokens_total%s %s" % (label, float(state["prompt_tokens"])),
            "# HELP vllm:generation_tokens_total Number of generation tokens processed.",
            "# TYPE vllm:generation_tokens_total counter",
            "vllm:generation_tokens_total%s %s" % (label, float(state["generation_tokens"])),
            "# HELP vllm:request_success_total Count of successfully processed requests.",
            "# TYPE vllm:request_success_total counter",
            "vllm:request_success_total%s %s" % (
                label[:-1] + ',finished_reason="stop"}' if label else '{finished_reason="stop"}', float(state["success"])),
            "vllm:request_success_total%s 0.0" % (
                label[:-1] + ',finished_reason="length"}' if label else '{finished_reason="length"}'),
        ]
        if kind == "hostile":
            other = 'model_name="other/Model \\"quoted\\" \\n name"'
            lines = ["", "   # a comment with leading blanks", "# TYPE process_cpu_seconds_total counter",
                     "process_cpu_seconds_total 12.5 1700000000000",
                     "python_info{implementation=\"CPython\",version=\"3.12\"} 1",
                     "vllm:kv_cache_usage_perc{%s} 0.99" % other,
                     "vllm:num_requests_running{%s} 250" % other,
                     "vllm:generation_tokens_total{%s} +Inf" % other,
                     "vllm:kv_cache_usage_perc{engine=\"1\",model_name=\"%s\"} NaN" % model,
                     "vllm:num_requests_running{model_name=\"%s\",} 2 1700000000000" % model,
                     "vllm:num_requests_waiting{model_name=\"%s\" 7" % model,
                     "vllm:bogus_line with words",
                     "{model_name=\"%s\"} 5" % model,
                     "vllm:\x1b[2Jfake 1",
                     "\t"] + lines + ["# EOF"]
        body = ("\n".join(lines) + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def json_object(self, raw):
        """The body as a JSON object, or None after answering 400 (OpenAI's error body)."""
        try:
            request = json.loads(raw)
            if isinstance(request, dict):
                return request
        except ValueError:
            pass
        self.openai_error(400, "the body is not a JSON object", "BadRequestError")
        return None

    def embeddings(self, raw):
        request = self.json_object(raw)
        if request is None:
            return
        model = request.get("model")
        if model not in ARGS.embedding_model:
            self.error(404, "The model `%s` does not exist." % model, "NotFoundError")
            return
        if ARGS.mode == "malformed":
            self.send_json(200, {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "oops"}]})
            return
        inputs = request.get("input")
        if isinstance(inputs, str):
            inputs = [inputs]
        if not isinstance(inputs, list) or not inputs or not all(isinstance(t, str) and t for t in inputs):
            self.openai_error(400, "`input` is required: a non-empty string or a list of them", "BadRequestError")
            return
        # Not counted: vLLM labels an embedding model's requests with its own model_name.
        data = [{"object": "embedding", "index": i,
                 "embedding": [round(((len(t) + 7 * d) % 17) / 17.0 - 0.5, 4) for d in range(STRICT_DIMENSIONS)]}
                for i, t in enumerate(inputs)]
        self.send_json(200, {"object": "list", "model": model, "data": data,
                             "usage": {"prompt_tokens": 4, "total_tokens": 4}})

    def app(self, raw):
        """The migrated application's own endpoint (the seed's /api/chat/query)."""
        time.sleep(ARGS.app_delay)
        if ARGS.app_status != 200:
            self.error(ARGS.app_status, "the application failed: upstream model error", "AppError")
            return
        self.send_json(200, {"answer": "GPU acceleration batches the work.", "received_bytes": len(raw)})

    # ------------------------------------------------------------------
    # strict mode
    # ------------------------------------------------------------------

    def strict_get(self, path):
        if path == "/health":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/v1/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "vllm"} for m in ARGS.served_model]
            self.send_json(200, {"object": "list", "data": data})
        elif path == "/_control" and self.from_loopback():
            with CONTROL_LOCK:
                state = dict(CONTROL)
            self.send_json(200, {"content": STRICT_CONTENT, "pieces": STRICT_PIECES,
                                 "dimensions": STRICT_DIMENSIONS, "served_models": ARGS.served_model, **state})
        else:
            self.error(404, "Not Found", "NotFoundError")

    def from_loopback(self):
        return self.client_address[0].startswith("127.") or self.client_address[0] == "::1"

    def strict_post(self, path, raw):
        routes = {"/v1/chat/completions": self.strict_chat, "/v1/completions": self.strict_completion,
                  "/v1/embeddings": self.strict_embeddings}
        if path == "/_control" and self.from_loopback():
            self.strict_control(raw)
            return
        if path not in routes:
            self.error(404, "Not Found", "NotFoundError")
            return
        request = self.json_object(raw)
        if request is None:
            return
        try:
            self.strict_common(request, embeddings=path == "/v1/embeddings")
            routes[path](request)
        except Rejected as rejected:
            if rejected.status == 404:
                self.error(404, rejected.message, rejected.kind)  # vLLM's flat body for a missing model
            else:
                self.openai_error(rejected.status, rejected.message, rejected.kind, rejected.param)

    def strict_control(self, raw):
        try:
            change = json.loads(raw or b"{}")
            count = int(change.get("reject_stream", 0))
        except (ValueError, TypeError, AttributeError):
            self.openai_error(400, 'expected {"reject_stream": N}', "BadRequestError")
            return
        with CONTROL_LOCK:
            CONTROL["reject_stream"] = max(0, count)
            state = dict(CONTROL)
        self.send_json(200, state)

    @staticmethod
    def strict_common(request, embeddings):
        for name in OLLAMA_ONLY_FIELDS + ("system",):
            if name in request:
                raise Rejected(400, "`%s` is an Ollama request field; the OpenAI API has no such field" % name,
                               param=name)
        model = request.get("model")
        if not isinstance(model, str) or not model:
            raise Rejected(400, "`model` is required", param="model")
        if model not in ARGS.served_model:
            raise Rejected(404, "The model `%s` does not exist." % model, "NotFoundError")
        if embeddings != ("embed" in model.lower()):
            raise Rejected(400, "The model `%s` does not support the %s API" % (
                model, "Embeddings" if embeddings else "Completions and Chat Completions"), param="model")
        if "stream" in request and not isinstance(request["stream"], bool):
            raise Rejected(400, "`stream` must be a boolean", param="stream")
        if request.get("stream_options") is not None and not request.get("stream"):
            raise Rejected(400, "Stream options can only be defined when `stream=True`.", param="stream_options")
        for name in ("max_tokens", "max_completion_tokens", "n"):
            if request.get(name) is not None and (not isinstance(request[name], int) or isinstance(request[name], bool)
                                                  or request[name] < 1):
                raise Rejected(400, "`%s` must be a positive integer" % name, param=name)
        temperature = request.get("temperature")
        if temperature is not None and (isinstance(temperature, bool) or not isinstance(temperature, (int, float))
                                        or not 0 <= temperature <= 2):
            raise Rejected(400, "`temperature` must be a number from 0 to 2", param="temperature")

    def strict_chat(self, request):
        if "prompt" in request:
            raise Rejected(400, "`prompt` is not a chat completion field; send `messages`", param="prompt")
        messages = request.get("messages")
        if not isinstance(messages, list) or not messages:
            raise Rejected(400, "`messages` is required: a non-empty list", param="messages")
        for i, message in enumerate(messages):
            if not isinstance(message, dict) or "role" not in message or "content" not in message:
                raise Rejected(400, "messages[%d] needs `role` and `content`" % i, param="messages")
            if message["role"] not in ("system", "user", "assistant", "tool", "developer"):
                raise Rejected(400, "messages[%d].role %r is not a chat role" % (i, message["role"]), param="messages")
            if not isinstance(message["content"], (str, list)):
                raise Rejected(400, "messages[%d].content must be a string or a list of parts" % i, param="messages")
        if request.get("stream"):
            with CONTROL_LOCK:
                reject = CONTROL["reject_stream"] > 0
                if reject:
                    CONTROL["reject_stream"] -= 1
            if reject:
                self.control_rejected = True
                raise Rejected(400, "streamed request rejected by /_control (reject_stream)")
        self.strict_reply(request, "chat.completion")

    def strict_completion(self, request):
        prompt = request.get("prompt")
        if "messages" in request:
            raise Rejected(400, "`messages` is not a completion field; use /v1/chat/completions", param="messages")
        if not (isinstance(prompt, str) or (isinstance(prompt, list) and prompt and
                                            all(isinstance(p, str) for p in prompt))):
            raise Rejected(400, "`prompt` is required: a string or a list of strings", param="prompt")
        self.strict_reply(request, "text_completion")

    @staticmethod
    def strict_usage(request):
        prompt_tokens = len(json.dumps(request.get("messages", request.get("prompt", "")))) // 4 + 1
        completion_tokens = len(STRICT_PIECES)
        return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens}

    def strict_reply(self, request, kind):
        model = request["model"]
        created = int(time.time())
        chat = kind == "chat.completion"
        ident = ("chatcmpl-" if chat else "cmpl-") + "strict"
        usage = self.strict_usage(request)
        if not request.get("stream"):
            if chat:
                choice = {"index": 0, "message": {"role": "assistant", "content": STRICT_CONTENT},
                          "logprobs": None, "finish_reason": "stop"}
            else:
                choice = {"index": 0, "text": STRICT_CONTENT, "logprobs": None, "finish_reason": "stop"}
            self.send_json(200, {"id": ident, "object": kind, "created": created, "model": model,
                                 "choices": [choice], "usage": usage})
            return
        include_usage = ARGS.force_include_usage or bool((request.get("stream_options") or {}).get("include_usage"))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk_kind = "chat.completion.chunk" if chat else "text_completion"

        def event(choices, last_usage=None):
            chunk = {"id": ident, "object": chunk_kind, "created": created, "model": model, "choices": choices}
            if include_usage:
                chunk["usage"] = last_usage
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            self.wfile.flush()

        for i, piece in enumerate(STRICT_PIECES):
            if chat:
                delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                event([{"index": 0, "delta": delta, "logprobs": None, "finish_reason": None}])
            else:
                event([{"index": 0, "text": piece, "logprobs": None, "finish_reason": None}])
        if chat:
            event([{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}])
        else:
            event([{"index": 0, "text": "", "logprobs": None, "finish_reason": "stop"}])
        if include_usage:
            event([], usage)
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def strict_embeddings(self, request):
        if "prompt" in request:
            raise Rejected(400, "`prompt` is Ollama's embeddings field; send `input`", param="prompt")
        inputs = request.get("input")
        if isinstance(inputs, str):
            inputs = [inputs]
        if not isinstance(inputs, list) or not inputs or not all(isinstance(t, str) and t for t in inputs):
            raise Rejected(400, "`input` is required: a non-empty string or a list of them", param="input")
        encoding = request.get("encoding_format", "float")
        if encoding not in ("float", "base64"):
            raise Rejected(400, "`encoding_format` must be float or base64", param="encoding_format")
        data = []
        for i, text in enumerate(inputs):
            vector = [round(((len(text) + 3 * i + 7 * d) % 17) / 17.0 - 0.5, 4) for d in range(STRICT_DIMENSIONS)]
            if encoding == "base64":
                vector = base64.b64encode(struct.pack("<%df" % len(vector), *vector)).decode()
            data.append({"object": "embedding", "index": i, "embedding": vector})
        tokens = sum(len(t) // 4 + 1 for t in inputs)
        self.send_json(200, {"object": "list", "model": request["model"], "data": data,
                             "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", default="healthy",
                        choices=["healthy", "slow", "fail", "unauthorized", "no-model", "malformed", "redirect",
                                 "huge-health", "endless-stream", "endless-line", "echo-auth", "strict"])
    parser.add_argument("--delay", type=float, default=3.0, help="seconds slow mode waits")
    parser.add_argument("--size", type=int, default=256 << 20,
                        help="bytes of huge-health's /health body, and of --metrics huge's body")
    parser.add_argument("--declare-length", action="store_true", help="huge-health sends a Content-Length")
    parser.add_argument("--echo-status", type=int, default=500, help="the status echo-auth answers with")
    parser.add_argument("--echo-pad", type=int, default=90, help="characters before echo-auth's echoed header")
    parser.add_argument("--api-key", default="")
    parser.add_argument("--served-model", action="append", default=None,
                        help="a model id to serve (repeatable; default meta-llama/Llama-3.1-8B-Instruct)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", default="", help="append every request and its answer to this file (JSON lines)")
    parser.add_argument("--force-include-usage", action="store_true",
                        help="strict: end every stream with a usage-only chunk (vLLM's --enable-force-include-usage)")
    parser.add_argument("--metrics", default="",
                        choices=["", "live", "fixed", "legacy", "idle", "hostile", "html", "huge", "missing"],
                        help="serve GET /metrics (see above)")
    parser.add_argument("--embedding-model", action="append", default=[],
                        help="serve POST /v1/embeddings for this model (repeatable)")
    parser.add_argument("--app-path", default="", help="serve a stand-in application endpoint at this path")
    parser.add_argument("--app-delay", type=float, default=0.0, help="seconds the application endpoint waits")
    parser.add_argument("--app-status", type=int, default=200, help="the status the application endpoint answers")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="exit when stdin closes")
    ARGS = parser.parse_args()
    if not ARGS.served_model:
        ARGS.served_model = ["meta-llama/Llama-3.1-8B-Instruct"]
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    if ARGS.exit_on_stdin_eof:
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
