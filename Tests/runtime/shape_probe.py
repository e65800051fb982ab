#!/usr/bin/env python3
"""Runtime proof for issue 16 beyond the seed project: do the migrated fixtures/runtime/<NAME>
projects, which reproduce how three dev-corpus repositories use Ollama, work against vLLM?

Usage: shape_probe.py MIGRATED_DIR --fixture NAME --served-model ID [--served-model ID ...]
                      [--timeout S]

NAME is one of FIXTURES below (ollama-examples, dats-repo, goedels-llm). As seed_probe.py does,
it starts Tests/servers/openai_stub.py in strict mode (400 to any Ollama-only field, 404 to a
model it does not serve and to any path vLLM does not serve), removes every OLLAMA_*, OPENAI_*,
VLLM_*, LLM_* and EMBEDDING_* variable, then sets the variables the *migrated* fixture reads,
as a deployment would (FIXTURES[NAME]["env"]), lets the code reach the stub only, imports the
fixture's modules with the real `openai` (and `langchain_openai`) packages and runs each path on
its own with a timeout. A path passes when it returns the stub's content (or vectors of the
stub's length) and every request it sent was answered 2xx.

One line a path: `PASS name`, `FAIL name: reason`, or, for a path listed in EXPECTED_FAILURES
(a shape the fixer is known to leave manual or to migrate into code that fails; the reason says
which), `XFAIL name: what happened (expected: why)`. An expected failure that passes prints
`XPASS name` and fails the run, so the list is kept honest when the fixer improves.
Exit 0 when every path passed or failed as expected.
"""
import argparse
import asyncio
import contextlib
import importlib
import io
import logging
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seed_probe  # noqa: E402  the stub, the network guard and the path runner are shared
from seed_probe import ProbeFailure, one_line  # noqa: E402

sys.path.remove(HERE)


class ShapeProbe(seed_probe.Probe):
    """seed_probe's runner (timeouts, refused requests fail a path) with these fixtures' paths."""

    def __init__(self, stub, content, dimensions, chat_model, recorder, fixture):
        super().__init__(stub, content, dimensions, chat_model, recorder)
        self.fixture = fixture

    @staticmethod
    def module(name):
        try:
            return importlib.import_module(name)
        except BaseException as exc:  # an import that raises anything is this path's failure
            raise ProbeFailure("import %s failed: %s" % (name, seed_probe.describe(exc))) from exc

    def function(self, module, name):
        return self.attribute(self.module(module), name)

    def expect_vectors(self, what, vectors, count):
        if not isinstance(vectors, list) or len(vectors) != count:
            raise ProbeFailure("%s returned %s, expected %d vectors" % (what, one_line(repr(vectors), 160), count))
        for i, vector in enumerate(vectors):
            self.expect_vector("%s[%d]" % (what, i), vector)

    def chat_bodies(self, entries):
        return [e["body"] for e in self.ok(entries) if e["method"] == "POST"
                and e["path"].split("?")[0] == "/v1/chat/completions" and isinstance(e.get("body"), dict)]

    # -- ollama-examples: the ollama-python examples' module-level calls ---------------------

    def ex_chat_dict(self, entries):
        self.expect_content("chat_dict.ask(...)", self.function("examples.chat_dict", "ask")("Why is the sky blue?"))

    def ex_chat_attr(self, entries):
        ask = self.function("examples.chat_attr", "ask_with_history")
        self.expect_content("chat_attr.ask_with_history(...)", ask("And the smallest?"))

    def ex_streamed_chat(self, entries):
        stream = self.function("examples.chat_stream", "stream")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            text = stream("Why is the sky blue?")
        self.expect_content("chat_stream.stream(...)", text)
        self.expect_content("what it printed", printed.getvalue().rstrip("\n"))
        if not self.ok(self.chats(entries(), stream=True)):
            raise ProbeFailure("the stub saw no streamed chat request answered 200")

    def ex_generate(self, entries):
        self.expect_content("generate_text.complete(...)",
                            self.function("examples.generate_text", "complete")("Why is the sky blue?"))

    def ex_embed_many(self, entries):
        vectors = self.function("examples.embed_texts", "embed_many")(["sky", "sea", "grass"])
        self.expect_vectors("embed_many(3 texts)", vectors, 3)

    def ex_embed_one(self, entries):
        self.expect_vector("embed_one(...)", self.function("examples.embed_texts", "embed_one")("Hello, world!"))

    def ex_list_models(self, entries):
        with contextlib.redirect_stdout(io.StringIO()):
            names = self.function("examples.list_models", "model_names")()
        if not isinstance(names, list) or self.chat_model not in names:
            raise ProbeFailure("model_names() returned %s, expected a list holding %r"
                               % (one_line(repr(names), 200), self.chat_model))

    def ex_async_chat(self, entries):
        self.expect_content("async_chat.main()", self.function("examples.async_chat", "main")())

    # -- dats-repo: a repository class holding a Client built from host and port ----------------

    def dats_repo(self):
        return self.function("app.llm_repo", "LlmRepo")()

    def dats_connect(self, entries):
        self.dats_repo()
        listed = [e for e in self.ok(entries()) if e["method"] == "GET" and e["path"].split("?")[0] == "/v1/models"]
        if not listed:
            raise ProbeFailure("LlmRepo() never asked the stub for the model list (GET /v1/models)")

    def dats_chat_session(self, entries):
        repo = self.dats_repo()
        first, session = repo.chat_in_session("Name a colour.")
        self.expect_content("the first answer", first)
        second, again = repo.chat_in_session("And another one.", session_id=session)
        self.expect_content("the second answer", second)
        if again != session:
            raise ProbeFailure("the second turn opened session %r, not %r" % (again, session))
        bodies = self.chat_bodies(entries())
        if len(bodies) != 2:
            raise ProbeFailure("the stub saw %d chat requests answered 200, expected 2" % len(bodies))
        history = bodies[1].get("messages") or []
        roles = [m.get("role") for m in history if isinstance(m, dict)]
        if roles != ["system", "user", "assistant", "user"] or history[2].get("content") != self.content:
            raise ProbeFailure("the second turn sent %s, expected the first reply kept in the history"
                               % one_line(repr(history), 300))
        if bodies[0].get("temperature") != 0.2:
            raise ProbeFailure("the options' temperature 0.2 did not reach the request: %s"
                               % one_line(repr(bodies[0]), 300))

    def dats_structured_chat(self, entries):
        from pydantic import BaseModel

        class Colour(BaseModel):
            name: str

        answer, _ = self.dats_repo().chat_in_session("Name a colour as JSON.", response_model=Colour)
        self.expect_content("the answer", answer)
        bodies = self.chat_bodies(entries())
        formats = [b.get("response_format") for b in bodies]
        if not any(isinstance(f, dict) and f.get("type") == "json_schema" for f in formats):
            raise ProbeFailure("no request carried the schema as response_format: %s" % one_line(repr(formats), 300))

    def dats_embed(self, entries):
        self.expect_vectors("LlmRepo().embed(2 texts)", self.dats_repo().embed(["a cat", "a dog"]), 2)

    # -- goedels-llm: a bare chat(model) as a model probe, and LangChain's ChatOllama ------------

    def goedels_model_probe(self, entries):
        ready = self.function("prover.llm", "startup")()
        if ready is not True:
            raise ProbeFailure("startup() returned %r, expected True" % (ready,))

    def goedels_langchain(self, entries):
        self.expect_content("agents.prove(...)", self.function("prover.agents", "prove")("1 + 1 = 2"))

    def goedels_langchain_multiline(self, entries):
        check = self.function("prover.agents_multiline", "check_semantics")
        self.expect_content("agents_multiline.check_semantics(...)", check("1 + 1 = 2"))


OPENAI_ENV = {"OPENAI_BASE_URL": "{base}/v1", "OPENAI_API_KEY": "EMPTY"}

FIXTURES = {
    "ollama-examples": {
        # the migrated modules build OpenAI(base_url=os.environ.get("OPENAI_BASE_URL", ...))
        "env": OPENAI_ENV,
        "paths": [("chat-dict", ShapeProbe.ex_chat_dict), ("chat-attr", ShapeProbe.ex_chat_attr),
                  ("streamed-chat", ShapeProbe.ex_streamed_chat), ("generate", ShapeProbe.ex_generate),
                  ("embed-many", ShapeProbe.ex_embed_many), ("embed-one", ShapeProbe.ex_embed_one),
                  ("list-models", ShapeProbe.ex_list_models), ("async-chat", ShapeProbe.ex_async_chat)],
    },
    "dats-repo": {
        # the migrated class still builds f"{OLLAMA_HOST}:{OLLAMA_PORT}/v1" from app/config.py, which
        # reads those two variables (the fixer keeps their names and the default port 11434 there)
        "env": {"OLLAMA_HOST": "http://127.0.0.1", "OLLAMA_PORT": "{port}", "OPENAI_API_KEY": "EMPTY"},
        "paths": [("connect", ShapeProbe.dats_connect), ("chat-session", ShapeProbe.dats_chat_session),
                  ("structured-chat", ShapeProbe.dats_structured_chat), ("embed", ShapeProbe.dats_embed)],
    },
    "goedels-llm": {
        "env": OPENAI_ENV,
        "paths": [("model-probe", ShapeProbe.goedels_model_probe), ("langchain", ShapeProbe.goedels_langchain),
                  ("langchain-multiline", ShapeProbe.goedels_langchain_multiline)],
    },
}

# Paths whose failure is the fixer's, recorded instead of hidden (see the fixtures' READMEs).
EXPECTED_FAILURES = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="the migrated copy of fixtures/runtime/NAME")
    parser.add_argument("--fixture", required=True, choices=sorted(FIXTURES))
    parser.add_argument("--served-model", action="append", required=True,
                        help="a model id the stub serves (repeatable); the first is the chat model")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds each path may take")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    fixture = FIXTURES[args.fixture]
    paths = fixture["paths"]

    scratch = tempfile.mkdtemp(prefix="shape-probe-")
    stub = None
    passed = expected = 0
    ok = True
    try:
        try:
            stub = seed_probe.Stub(args.served_model, os.path.join(scratch, "stub.log"),
                                   os.path.join(scratch, "stub.err"))
            state = stub.state()
        except (ProbeFailure, OSError) as exc:
            for name, _ in paths:
                print("FAIL %s: %s" % (name, one_line(exc)), flush=True)
            return 1
        for name in list(os.environ):
            if name.startswith(seed_probe.ENV_PREFIXES) or name in seed_probe.PROXY_VARIABLES:
                del os.environ[name]
        os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
        for name, value in fixture["env"].items():
            os.environ[name] = value.replace("{base}", stub.base).replace("{port}", str(stub.port))
        seed_probe.guard_network(stub)
        os.chdir(scratch)
        sys.dont_write_bytecode = True  # leave the migrated tree as it was
        sys.path.insert(0, root)
        recorder = seed_probe.Recorder()
        logging.getLogger().addHandler(recorder)
        probe = ShapeProbe(stub, state["content"], state["dimensions"], args.served_model[0], recorder, args.fixture)
        for name, function in paths:
            why = EXPECTED_FAILURES.get((args.fixture, name))
            if why is None:
                result = probe.run(name, function, args.timeout)
                passed += result
                ok = ok and result
                continue
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                result = probe.run(name, function, args.timeout)
            if result:
                print("XPASS %s: listed in EXPECTED_FAILURES but passed: remove it from the list" % name, flush=True)
                ok = False
            else:
                line = printed.getvalue().strip()
                seen = line.split(": ", 1)[1] if ": " in line else line
                print("XFAIL %s: %s (expected: %s)" % (name, seen, why), flush=True)
                expected += 1
        print("%d of %d paths passed, %d failed as expected" % (passed, len(paths), expected), flush=True)
    finally:
        if stub is not None:
            stub.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # a path that timed out may have left a thread running: do not wait for it
