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
With --api-key KEY, /v1 requests without `Authorization: Bearer KEY` get 401 (vLLM's rule;
/health stays open).
"""
import argparse
import itertools
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the tests read stdout for the port only
        pass

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
        self.send_json(status, {"object": "error", "message": message, "type": kind, "param": None, "code": status})

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
        path = self.route()
        if path is None:
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

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        path = self.route()
        if path is None:
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
        self.send_json(200, {
            "id": "chatcmpl-stub", "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(words)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}})


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", default="healthy",
                        choices=["healthy", "slow", "fail", "unauthorized", "no-model", "malformed", "redirect",
                                 "huge-health", "endless-stream", "endless-line", "echo-auth"])
    parser.add_argument("--delay", type=float, default=3.0, help="seconds slow mode waits")
    parser.add_argument("--size", type=int, default=256 << 20, help="bytes of huge-health's /health body")
    parser.add_argument("--declare-length", action="store_true", help="huge-health sends a Content-Length")
    parser.add_argument("--echo-status", type=int, default=500, help="the status echo-auth answers with")
    parser.add_argument("--echo-pad", type=int, default=90, help="characters before echo-auth's echoed header")
    parser.add_argument("--api-key", default="")
    parser.add_argument("--served-model", action="append", default=None,
                        help="a model id to serve (repeatable; default meta-llama/Llama-3.1-8B-Instruct)")
    parser.add_argument("--port", type=int, default=0)
    ARGS = parser.parse_args()
    if not ARGS.served_model:
        ARGS.served_model = ["meta-llama/Llama-3.1-8B-Instruct"]
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
