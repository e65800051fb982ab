# ollama-audit: two commands set everything up on a fresh Debian machine.
#   make run    install libpcre2-dev and libcurl4-openssl-dev if missing, build (release), scan fixtures/seed-project
#   make test   install what the suite needs, then run the whole suite
#   make fuzz   run the libFuzzer targets for FUZZ_SECONDS each (see below)
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE_FLAGS := -c release --static-swift-stdlib
BIN := .build/release/ollama-audit

.PHONY: all deps test-deps build run test fuzz sanitize sanitize-address sanitize-thread bench generate check-generated golden install man-page clean

all: build

# PCRE2 comes from the system, and so does libcurl, which `verify` sends its HTTP through: the
# build needs its -dev package (curl/curl.h, and -lcurl for the link).
# Install them (and pkg-config) only when pkg-config cannot find them.
deps:
	@missing=""; \
	pkg-config --exists libpcre2-8 2>/dev/null || missing="libpcre2-dev pkg-config"; \
	pkg-config --exists libcurl 2>/dev/null || missing="$$missing libcurl4-openssl-dev pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "libpcre2-8 or libcurl not found: installing$$(echo " $$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product ollama-audit

# Exit code 1 means "findings remain", which is the expected outcome on the seed project.
run: build
	$(BIN) scan fixtures/seed-project || [ $$? -eq 1 ]

# Test-time tools: jsonschema and PyYAML for validators, packaging for the requirements that
# --fix rewrites (FixSafetyTests), pre-commit for the hook test, GNU patch, which the diff
# round-trip test applies patches with, markdown-it-py, which renders the Markdown report's
# hostile cells, and GNU time, which measures the reports' peak memory. The runtime probe of a
# migrated seed project (RuntimeProbeTests, Tests/runtime/seed_probe.py) imports its backend
# with the real openai client and fastapi/pydantic/httpx, which backend/main.py imports; pyflakes
# lists the names a migration left undefined. Its sibling over fixtures/runtime (shape_probe.py)
# runs the ChatOpenAI that --fix puts in place of LangChain's ChatOllama: langchain-openai.
# node checks that the JavaScript the framework units write still parses (JavaScriptUnitTests).
# ripgrep compiles and runs the benchmark's peer patterns over every rule's examples
# (BenchPatternsTests, bench/check_patterns.py).
test-deps: deps
	@python3 -c 'import jsonschema, yaml, packaging' 2>/dev/null || python3 -m pip install -q jsonschema pyyaml packaging
	@python3 -c 'import markdown_it' 2>/dev/null || python3 -m pip install -q markdown-it-py
	@python3 -c 'import openai, pyflakes' 2>/dev/null || python3 -m pip install -q openai pyflakes
	@python3 -c 'import fastapi, pydantic, httpx' 2>/dev/null || python3 -m pip install -q fastapi pydantic httpx
	@python3 -c 'import langchain_openai' 2>/dev/null || python3 -m pip install -q langchain-openai
	@[ -x /usr/bin/time ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq time; }
	@command -v pre-commit >/dev/null 2>&1 || python3 -m pip install -q pre-commit
	@command -v node >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs; }
	@command -v patch >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq patch; }
	@command -v rg >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq ripgrep; }

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# libFuzzer targets, each for FUZZ_SECONDS (5 x 150 s by default), under
# AddressSanitizer in their own scratch folder; fails on any crash, hang, leak or broken
# invariant, with the input kept in .build-fuzz/artifacts/<target>/. Prints executions and
# coverage per target (also in .build-fuzz/summary.txt). Release: unoptimised code fuzzes
# several times slower. lld: gold fails on the link (an internal error in its DWARF reader).
# One target: make fuzz FUZZ_TARGETS=glob FUZZ_SECONDS=120.
FUZZ_SECONDS ?= 150
FUZZ_TARGETS ?= rule-loader scanner fix-planner unified-diff glob
FUZZ_SCRATCH := .build-fuzz
FUZZ_BUILD := -c release --scratch-path $(FUZZ_SCRATCH) -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
	-Xswiftc -use-ld=lld

fuzz: deps
	@for t in $(FUZZ_TARGETS); do $(SWIFT) build $(FUZZ_BUILD) --product fuzz-$$t || exit 1; done
	@bin=$$($(SWIFT) build $(FUZZ_BUILD) --show-bin-path); failed=0; : > $(FUZZ_SCRATCH)/summary.txt; \
	for t in $(FUZZ_TARGETS); do \
		corpus=$(FUZZ_SCRATCH)/corpus/$$t; artifacts=$(FUZZ_SCRATCH)/artifacts/$$t; log=$(FUZZ_SCRATCH)/$$t.log; \
		mkdir -p $$corpus $$artifacts; \
		extra=""; lsan=""; \
		case $$t in \
			rule-loader) extra="rules fixtures/rule-files"; lsan="LSAN_OPTIONS=suppressions=fixtures/fuzz/rule-loader.lsan" ;; \
			scanner) extra="-dict=fixtures/fuzz/scanner.dict"; lsan="LSAN_OPTIONS=suppressions=fixtures/fuzz/scanner.lsan" ;; \
		esac; \
		echo "fuzz-$$t: $(FUZZ_SECONDS) s (log: $$log)"; \
		start=$$(date +%s); \
		env $$lsan $$bin/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -timeout=20 -rss_limit_mb=4096 \
			-max_len=16384 -artifact_prefix=$$artifacts/ $$corpus fixtures/fuzz/$$t $$extra > $$log 2>&1; \
		code=$$?; seconds=$$(( $$(date +%s) - start )); \
		execs=$$(grep -o 'stat::number_of_executed_units: [0-9]*' $$log | tail -1 | grep -o '[0-9]*$$'); \
		last=$$(grep -E '^#[0-9]+' $$log | tail -1); \
		cov=$$(echo "$$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*'); \
		ft=$$(echo "$$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*'); \
		corp=$$(echo "$$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*'); \
		line="fuzz-$$t: $${execs:-?} executions in $$seconds s, cov $${cov:-?}, ft $${ft:-?}, corpus $${corp:-?}, exit $$code"; \
		echo "$$line" | tee -a $(FUZZ_SCRATCH)/summary.txt; \
		if [ $$code -ne 0 ]; then failed=1; grep -E 'ERROR|fuzz invariant|Fatal error|Test unit written' $$log | head -20; fi; \
	done; \
	if [ $$failed -ne 0 ]; then echo "fuzz: a target failed; replay with: swift run fuzz-<target> <artifact>"; exit 1; fi

# The whole suite under AddressSanitizer / ThreadSanitizer, each in its own scratch
# path so instrumented objects never mix with .build. The CLI tests run the ollama-audit built
# beside the test bundle; OLLAMA_AUDIT_BIN pins it to this scratch path's instrumented binary
# all the same, so an exported value cannot point them at another build. The sanitizer options
# reach every subprocess, so a report in the binary fails its test as well.
# OLLAMA_AUDIT_SANITIZER skips PreCommitTests (pre-commit builds its own uninstrumented copy).
# ASan: .ci/asan.supp names one Foundation over-read (interceptor reports only).
# Leak checking stays on; .ci/lsan.supp lists the reports traced to LSan not reading
# Swift's tagged pointers and to Foundation/XCTest, each with its evidence.
# TSan: halt_on_error=1 so the first race kills the process and fails the run (the default
# only reports and goes on).
ASAN_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:suppressions=$(CURDIR)/.ci/asan.supp LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp
TSAN_ENV := TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

sanitize: sanitize-address sanitize-thread

sanitize-address: test-deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(ASAN_ENV) OLLAMA_AUDIT_SANITIZER=address OLLAMA_AUDIT_BIN=$(CURDIR)/.build-asan/debug/ollama-audit \
		$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

sanitize-thread: test-deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(TSAN_ENV) OLLAMA_AUDIT_SANITIZER=thread OLLAMA_AUDIT_BIN=$(CURDIR)/.build-tsan/debug/ollama-audit \
		$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

# Speed and memory against ripgrep, grep and semgrep on a generated 300 MB corpus (docs/benchmarks.md).
bench: build
	bash bench/run.sh

# Re-embed rules/*.yml into the binary after editing them, and rewrite the rule reference
# docs/rules.md from them. DefaultRulesTests fails when either is stale; so does check-generated.
GENERATED := Sources/Rules/DefaultRules+Generated.swift docs/rules.md
generate:
	$(SWIFT) run generate-default-rules rules $(GENERATED)

check-generated:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(SWIFT) run generate-default-rules rules $$tmp/generated.swift $$tmp/rules.md >/dev/null && \
	diff -u $(word 1,$(GENERATED)) $$tmp/generated.swift && diff -u $(word 2,$(GENERATED)) $$tmp/rules.md \
	|| { echo "generated files are stale: run make generate"; exit 1; }

# Rewrite every golden file under fixtures/expected from the current output (then review the diff).
golden:
	OLLAMA_AUDIT_RECORD=1 $(SWIFT) test || true
	@git status --short fixtures/expected

# The binary, shell completions and a man page, all from the argument parser's own support.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ollama-audit
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ollama-audit
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ollama-audit
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ollama-audit.fish
	$(SWIFT) package generate-manual
	$(MAKE) --no-print-directory man-page
	install -m 0644 $(MAN_PAGE) $(DESTDIR)$(PREFIX)/share/man/man1/ollama-audit.1

# The argument parser's page says only "exits 0 on success, and >0 if an error occurs" (mdoc's
# `.Ex -std`): man-page puts the exit-code contract in its place, from docs/exit-status.mdoc
# (which the tests keep equal to Sources/Model/ExitStatus.swift). It fails, rather than install
# the vague sentence, when the generated page has no single `.Ex -std` line to replace.
MAN_GENERATED ?= .build/plugins/GenerateManual/outputs/ollama-audit/ollama-audit.1
MAN_PAGE ?= .build/ollama-audit.1
MAN_EXIT_STATUS := docs/exit-status.mdoc
man-page:
	@[ -r "$(MAN_EXIT_STATUS)" ] || { echo "$(MAN_EXIT_STATUS): missing" >&2; exit 1; }
	@n=$$(grep -c '^\.Ex -std$$' "$(MAN_GENERATED)") ; [ "$$n" = 1 ] || { \
		echo "$(MAN_GENERATED): expected one '.Ex -std' line (EXIT STATUS) to replace, found $${n:-none}" >&2; exit 1; }
	@awk -v fragment="$(MAN_EXIT_STATUS)" \
		'/^\.Ex -std$$/ { while ((getline line < fragment) > 0) print line; next } { print }' \
		"$(MAN_GENERATED)" > "$(MAN_PAGE).tmp" && mv "$(MAN_PAGE).tmp" "$(MAN_PAGE)"

clean:
	rm -rf .build .build-asan .build-tsan
