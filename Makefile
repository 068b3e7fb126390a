# Pengingat — two commands on a fresh Debian/Ubuntu machine with Swift 6.3:
#   make run    install what is missing, build, import the sample roster, show it, check the
#               templates, and plan the coming week into the outbox
#   make test   install what is missing, run every test

SWIFT        ?= swift
DB           ?= var/pengingat.sqlite
SAMPLE       ?= Config/contoh

# C libraries the build links against, and the zone data dates need at run time.
SYSTEM_PACKAGES      := pkg-config libcurl4-openssl-dev libsqlite3-dev tzdata ca-certificates
# Everything the tests need besides (later: kannel, postgresql, chromium).
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) python3

.PHONY: all deps test-deps build run test bench sample clean

all: build

deps:
	@./scripts/install-system-packages.sh $(SYSTEM_PACKAGES)
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.3 is needed: https://www.swift.org/install/linux/" >&2; exit 1; }

test-deps:
	@./scripts/install-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.3 is needed: https://www.swift.org/install/linux/" >&2; exit 1; }

build: deps
	$(SWIFT) build --product pengingat

# The main job on the embedded defaults: SQLite in var/, the sample roster.
run: build
	@bin=$$($(SWIFT) build --show-bin-path)/pengingat; \
	$$bin impor $(SAMPLE) --db $(DB); status=$$?; \
	if [ $$status -ge 2 ]; then exit $$status; fi; \
	echo; $$bin kelompok daftar --db $(DB); \
	echo; $$bin kpm daftar --db $(DB) --kelompok KLP-01; \
	echo; $$bin templat periksa --singkat; \
	echo; $$bin rencana --hari 7 --simpan --db $(DB) | tail -n 12

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# Benchmarks in a release build; results go into BENCHMARKS.md (never a timing assertion in a test).
# BENCH_SIZES overrides the roster sizes, e.g. `make bench BENCH_SIZES="10000 100000"`.
BENCH_SIZES ?= 10000 100000 1000000
bench: deps
	$(SWIFT) build -c release --product pengingat-bench
	$$($(SWIFT) build -c release --show-bin-path)/pengingat-bench all $(BENCH_SIZES)

# Regenerates the sample roster from its script and checks it.
sample:
	python3 scripts/generate-sample-roster.py

clean:
	rm -rf .build var
