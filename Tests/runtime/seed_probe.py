#!/usr/bin/env python3
"""Runtime proof for issue 16: does a migrated fixtures/seed-project backend work against vLLM?

Usage: seed_probe.py MIGRATED_SEED_DIR --served-model ID [--served-model ID ...] [--timeout S] [--verbose]

Starts Tests/servers/openai_stub.py in strict mode (a vLLM stand-in that answers 400 to any
request carrying an Ollama-only field, a missing `messages`/`input`, a model of the wrong kind,
and 404 to a model it does not serve or to Ollama's /api/... paths) on a free loopback port,
points the migrated code at it through the environment only (OPENAI_BASE_URL, OPENAI_API_KEY;
every OLLAMA_*, OPENAI_*, VLLM_*, LLM_* and EMBEDDING_* variable removed so the migrated code's
own defaults pick the models), imports the migrated `backend` package with the real `openai`
package, and runs twelve code paths of it, each on its own (one failing does not stop the
others) with a timeout. Prints `PASS name` or `FAIL name: reason` per path; exit 0 only when
all twelve pass. The first --served-model is the chat model the code must list and use; ids
containing "embed" are embedding models, as in the stub.

A path also fails when its result is right but one of its requests was refused: every request
a path sends must be answered 2xx (the fallback path's deliberately rejected stream aside).
The stub runs with --force-include-usage (vLLM's --enable-force-include-usage), so every stream
ends with a usage-only chunk whose `choices` is empty: code must not index choices[0] blindly.

After the twelve lines come `NOTE` lines (pyflakes on backend/*.py when it is installed, e.g. an
undefined name in an except clause no path reached); they do not change the exit status.
"""
import argparse
import asyncio
import importlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
STUB = os.path.join(os.path.dirname(HERE), "servers", "openai_stub.py")
ENV_PREFIXES = ("OLLAMA_", "OPENAI_", "VLLM_", "LLM_", "EMBEDDING_")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


class ProbeFailure(Exception):
    pass


class Stub:
    """The strict stub as a child process; stopped by stop(), and by its stdin closing if the
    probe dies first."""

    def __init__(self, served_models, log_path, stderr_path):
        args = [sys.executable, STUB, "--mode", "strict", "--log", log_path, "--force-include-usage",
                "--exit-on-stdin-eof"]
        for model in served_models:
            args += ["--served-model", model]
        self.stderr = open(stderr_path, "wb")
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)
        self.log_path = log_path
        line = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(30)
        try:
            self.port = int(line[0]) if line else None
        except ValueError:
            self.port = None
        if self.port is None:
            self.stop()
            raise ProbeFailure("the stub printed no port within 30 s (%s)" % open(stderr_path, "rb").read()[-400:])
        self.base = "http://127.0.0.1:%d" % self.port

    def control(self, **change):
        request = urllib.request.Request(self.base + "/_control", data=json.dumps(change).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def state(self):
        with urllib.request.urlopen(self.base + "/_control", timeout=10) as response:
            return json.load(response)

    def log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except OSError:
            return 0

    def requests_since(self, offset):
        """The requests the stub logged after byte `offset` of its log, without /_control's."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(offset)
                lines = log.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return []
        entries = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not entry["path"].startswith("/_control"):
                entries.append(entry)
        return entries

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


class Recorder(logging.Handler):
    """Keeps the log records the backend emits, so a path can see a logged exception."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def one_line(text, limit=400):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe(exc):
    return one_line("%s: %s" % (type(exc).__name__, exc))


def summarise_refusals(entries):
    refused = [e for e in entries if not (200 <= (e.get("status") or 0) < 300) and not e.get("control_rejected")]
    if not refused:
        return ""
    parts = []
    for e in refused[:3]:
        parts.append("%s %s -> %s%s" % (e["method"], e["path"], e["status"],
                                        " (%s)" % e["error"] if e.get("error") else ""))
    more = " and %d more" % (len(refused) - 3) if len(refused) > 3 else ""
    return "the stub refused " + "; ".join(parts) + more


class Probe:
    def __init__(self, stub, content, dimensions, chat_model, recorder):
        self.stub = stub
        self.content = content
        self.dimensions = dimensions
        self.chat_model = chat_model
        self.recorder = recorder

    # -- helpers --------------------------------------------------------

    @staticmethod
    def module(name):
        try:
            return importlib.import_module("backend." + name)
        except BaseException as exc:  # an import that raises anything is this path's failure
            raise ProbeFailure("import backend.%s failed: %s" % (name, describe(exc))) from exc

    @staticmethod
    def attribute(module, name):
        value = getattr(module, name, None)
        if value is None:
            raise ProbeFailure("%s has no %s" % (module.__name__, name))
        return value

    def chat_service(self):
        return self.attribute(self.module("chat_service"), "ChatService")()

    def ollama_service(self):
        return self.attribute(self.module("ai_service"), "OllamaService")()

    def expect_content(self, what, value):
        if value != self.content:
            raise ProbeFailure("%s is %s, expected the stub's %r" % (what, one_line(repr(value), 200), self.content))

    def expect_vector(self, what, vector):
        if not isinstance(vector, list) or not all(isinstance(x, float) for x in vector):
            raise ProbeFailure("%s is %s, expected a list of floats" % (what, one_line(repr(vector), 160)))
        if len(vector) != self.dimensions:
            raise ProbeFailure("%s has %d floats, expected %d" % (what, len(vector), self.dimensions))

    @staticmethod
    def chats(entries, stream):
        return [e for e in entries if e["method"] == "POST" and e["path"].split("?")[0].endswith("/chat/completions")
                and isinstance(e.get("body"), dict) and bool(e["body"].get("stream")) == stream]

    @staticmethod
    def ok(entries):
        return [e for e in entries if 200 <= (e.get("status") or 0) < 300]

    # -- the twelve paths -------------------------------------------------

    def chat(self, entries_so_far):
        result = self.chat_service().ask("Which host runs the backup job?")
        if not isinstance(result, dict):
            raise ProbeFailure("ask returned %s, expected a dict" % one_line(repr(result), 160))
        self.expect_content('ask(...)["response"]', result.get("response"))

    def streamed_chat(self, entries_so_far):
        tokens = list(self.chat_service().stream_reply("How do I restart the reverse proxy?"))
        self.expect_content("the joined tokens", "".join(tokens))
        entries = entries_so_far()
        if not self.ok(self.chats(entries, stream=True)):
            raise ProbeFailure("the stub saw no streamed chat request answered 200")
        if self.chats(entries, stream=False):
            raise ProbeFailure("the reply came through a non-streamed chat request: the stream did not work")

    def fallback(self, entries_so_far):
        self.stub.control(reject_stream=1)
        try:
            tokens = list(self.chat_service().stream_reply("Is the NAS reachable?"))
        finally:
            left = self.stub.control(reject_stream=0)
        self.expect_content("the joined tokens", "".join(tokens))
        entries = entries_so_far()
        if left.get("reject_stream") or not any(e.get("control_rejected") for e in entries):
            raise ProbeFailure("no streamed chat request got past the stub's strict checks to be rejected on purpose")
        if not self.ok(self.chats(entries, stream=False)):
            raise ProbeFailure("the stub saw no non-streamed fallback chat request answered 200")

    def model_availability(self, entries_so_far):
        available = self.chat_service().is_model_available()
        if available is not True:
            raise ProbeFailure("is_model_available() returned %r" % (available,))

    def list_models(self, entries_so_far):
        models = self.ollama_service().list_models()
        if not isinstance(models, list) or self.chat_model not in models:
            raise ProbeFailure("list_models() returned %s, expected a list holding %r"
                               % (one_line(repr(models), 200), self.chat_model))

    def generate(self, entries_so_far):
        result = self.ollama_service().generate("Summarise: disk /dev/sda1 is 91% full")
        if not isinstance(result, dict):
            raise ProbeFailure("generate returned %s, expected a dict" % one_line(repr(result), 160))
        self.expect_content('generate(...)["text"]', result.get("text"))

    def streamed_generate(self, entries_so_far):
        async def collect():
            return [piece async for piece in self.ollama_service().agenerate_stream("Summarise the uptime log")]
        pieces = asyncio.run(collect())
        self.expect_content("the joined pieces", "".join(p if isinstance(p, str) else repr(p) for p in pieces))
        streamed = [e for e in self.ok(entries_so_far()) if isinstance(e.get("body"), dict) and e["body"].get("stream")]
        if not streamed:
            raise ProbeFailure("the stub saw no streamed request answered 200")

    def embeddings_one(self, entries_so_far):
        self.expect_vector("embed_one(...)", self.ollama_service().embed_one("zfs scrub schedule"))

    def embeddings_many(self, entries_so_far):
        vectors = self.ollama_service().embed_many(["proxmox backup", "vlan 20", "grafana alert"])
        if not isinstance(vectors, list) or len(vectors) != 3:
            raise ProbeFailure("embed_many(3 texts) returned %s, expected 3 vectors" % one_line(repr(vectors), 160))
        for i, vector in enumerate(vectors):
            self.expect_vector("vector %d" % i, vector)

    def async_embeddings(self, entries_so_far):
        service = self.ollama_service()
        self.expect_vector("aembed_one(...)", asyncio.run(service.aembed_one("restic retention")))

    def health(self, entries_so_far):
        result = self.ollama_service().health()
        status = result.get("status") if isinstance(result, dict) else None
        if status != "ok":
            raise ProbeFailure("health() returned %s" % one_line(repr(result), 300))

    def startup(self, entries_so_far):
        main = self.module("main")
        startup = self.attribute(main, "startup")
        before = len(self.recorder.records)
        startup()
        logged = [r for r in self.recorder.records[before:] if r.exc_info or r.levelno >= logging.ERROR]
        if logged:
            record = logged[0]
            cause = " (%s)" % describe(record.exc_info[1]) if record.exc_info and record.exc_info[1] else ""
            raise ProbeFailure("startup() logged %r%s" % (record.getMessage(), cause))
        listed = [e for e in self.ok(entries_so_far()) if e["method"] == "GET" and e["path"].split("?")[0] == "/v1/models"]
        if not listed:
            raise ProbeFailure("startup() never asked the stub for the model list (GET /v1/models)")

    PATHS = [
        ("chat", chat), ("streamed-chat", streamed_chat), ("fallback", fallback),
        ("model-availability", model_availability), ("list-models", list_models), ("generate", generate),
        ("streamed-generate", streamed_generate), ("embeddings-one", embeddings_one),
        ("embeddings-many", embeddings_many), ("async-embeddings", async_embeddings), ("health", health),
        ("startup", startup),
    ]

    def run(self, name, function, timeout):
        offset = self.stub.log_size()

        def entries_so_far():
            return self.stub.requests_since(offset)

        outcome = {}

        def target():
            try:
                function(self, entries_so_far)
                outcome["ok"] = True
            except ProbeFailure as exc:
                outcome["reason"] = str(exc)
            except BaseException as exc:  # anything the backend raises is this path's failure
                where = traceback.extract_tb(exc.__traceback__)
                backend = [f for f in where if os.sep + "backend" + os.sep in f.filename]
                at = " at %s:%d" % (os.path.basename(backend[-1].filename), backend[-1].lineno) if backend else ""
                outcome["reason"] = describe(exc) + at
                context = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
                if context is not None:  # e.g. a NameError in an except clause: say what it was handling
                    outcome["reason"] += ", while handling " + describe(context)

        thread = threading.Thread(target=target, name="probe-" + name, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            reason = "timed out after %g s" % timeout
        elif outcome.get("ok"):
            reason = None
        else:
            reason = outcome.get("reason", "failed")
        refusals = summarise_refusals(entries_so_far())
        if refusals:
            reason = (reason + "; " if reason else "") + refusals
        if reason:
            print("FAIL %s: %s" % (name, reason), flush=True)
            return False
        print("PASS %s" % name, flush=True)
        return True


def guard_network(stub):
    """Lets the backend connect to the stub only: unmigrated code would otherwise reach whatever
    listens on localhost:11434 (a real Ollama would start pulling llama2:7b at startup())."""
    import socket
    allowed = {("127.0.0.1", stub.port)}
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address):
        if isinstance(address, tuple) and len(address) >= 2 and (address[0], address[1]) not in allowed:
            raise ConnectionRefusedError(
                111, "seed_probe: only the stub at 127.0.0.1:%d may be reached, not %s:%s"
                % (stub.port, address[0], address[1]))

    def guarded_connect(self, address):
        check(address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        check(address)
        return connect_ex(self, address)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex


def prepare_environment(stub, scratch, extra):
    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES) or name in PROXY_VARIABLES:
            del os.environ[name]
    os.environ["OPENAI_BASE_URL"] = stub.base + "/v1"
    os.environ["OPENAI_API_KEY"] = "EMPTY"
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(scratch, "data", "lab_assistant.db")
    docs = os.path.join(scratch, "docs")
    os.makedirs(docs, exist_ok=True)
    os.environ["DOCS_PATH"] = docs
    os.environ["RAG_ENABLED"] = "false"
    os.environ["LOG_LEVEL"] = "INFO"
    for assignment in extra:
        name, _, value = assignment.partition("=")
        os.environ[name] = value.replace("{base}", stub.base)


def pyflakes_notes(seed):
    try:
        from pyflakes import api, reporter
    except ImportError:
        return []
    import io
    out, err = io.StringIO(), io.StringIO()
    folder = os.path.join(seed, "backend")
    paths = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".py"))
    api.checkRecursive(paths, reporter.Reporter(out, err))
    lines = (out.getvalue() + err.getvalue()).splitlines()
    return ["NOTE pyflakes: " + os.path.relpath(line, seed) if line.startswith(seed) else "NOTE pyflakes: " + line
            for line in lines if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", help="the migrated copy of fixtures/seed-project")
    parser.add_argument("--served-model", action="append", required=True,
                        help="a model id the stub serves (repeatable); the first is the chat model")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds each path may take")
    parser.add_argument("--verbose", action="store_true", help="copy the backend's log records to stderr")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="diagnosis only: set NAME after the clean-up, {base} standing for the stub's "
                             "http://127.0.0.1:PORT (e.g. OLLAMA_HOST={base} to aim unmigrated code at it)")
    args = parser.parse_args()
    seed = os.path.abspath(args.seed)
    if not os.path.isfile(os.path.join(seed, "backend", "__init__.py")):
        print("seed_probe: %s has no backend package (backend/__init__.py)" % seed, file=sys.stderr)
        return 2

    scratch = tempfile.mkdtemp(prefix="seed-probe-")
    stub = None
    passed = 0
    try:
        try:
            stub = Stub(args.served_model, os.path.join(scratch, "stub.log"), os.path.join(scratch, "stub.err"))
            state = stub.state()
        except (ProbeFailure, OSError) as exc:
            for name, _ in Probe.PATHS:
                print("FAIL %s: %s" % (name, one_line(exc)), flush=True)
            return 1
        prepare_environment(stub, scratch, args.env)
        guard_network(stub)
        os.chdir(scratch)
        sys.dont_write_bytecode = True  # leave the migrated tree as it was
        sys.path.insert(0, seed)
        recorder = Recorder()
        logging.getLogger().addHandler(recorder)
        if args.verbose:
            echo = logging.StreamHandler(sys.stderr)
            echo.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
            logging.getLogger().addHandler(echo)
        logging.getLogger().setLevel(logging.INFO)
        try:  # an empty index, so RAG (when the code still does it) finds nothing rather than failing
            importlib.import_module("backend.database").init_db()
        except BaseException:
            pass
        probe = Probe(stub, state["content"], state["dimensions"], args.served_model[0], recorder)
        for name, function in Probe.PATHS:
            passed += probe.run(name, function, args.timeout)
        for note in pyflakes_notes(seed):
            print(note, flush=True)
        print("%d of %d paths passed" % (passed, len(Probe.PATHS)), flush=True)
    finally:
        if stub is not None:
            stub.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if passed == len(Probe.PATHS) else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # a path that timed out may have left a thread running: do not wait for it
