# Pengingat — two commands on a fresh Debian/Ubuntu machine with Swift 6.3:
#   make run    install what is missing, build, import the sample roster, make a facilitator
#               account, and start `pengingat serve` (pages, API, webhooks, planner, dispatcher
#               into the file outbox var/outbox.jsonl); prints the URL and the logins
#   make test   install what is missing, run every test (with a real Kannel, PostgreSQL and chromium)
#   make demo   the command-line walkthrough: plan, send, attendance, broadcast, digest, replies
#   make bench  release benchmarks beside Apprise, wrk and Kannel; writes BENCHMARKS.md
#   make release  the production binary (Swift runtime linked in)
#   make fuzz   libFuzzer on the parsers, FUZZ_SECONDS per target

SWIFT        ?= swift
# Release builds link the Swift runtime and Foundation into the binary: it starts without
# looking up thousands of symbols, calls the runtime directly (retain and release are a tenth of
# the planner's samples), and runs where no Swift is installed. `rencana` 0.745 s → 0.640 s
# (BENCHMARKS.md, "Fifth session"). Debug builds and tests use the shared runtime.
RELEASE_BUILD = $(SWIFT) build -c release --static-swift-stdlib
DB           ?= var/pengingat.sqlite
SAMPLE       ?= Config/contoh

# C libraries the build links against, and the zone data dates need at run time.
SYSTEM_PACKAGES      := pkg-config libcurl4-openssl-dev libsqlite3-dev libjemalloc-dev zlib1g-dev tzdata ca-certificates
# Everything the tests need besides: a real Kannel with its fake SMS centre, a PostgreSQL
# server for the store contract, Python for the test servers, OpenSSL for a throwaway certificate,
# chromium and its driver for the browser test (selenium comes from PyPI).
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) python3 python3-pip python3-venv openssl curl kannel kannel-extras postgresql chromium chromium-driver libreoffice-calc-nogui

.PHONY: all deps test-deps build release run demo test bench fuzz sample clean

all: build

deps:
	@./scripts/install-system-packages.sh $(SYSTEM_PACKAGES)
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.3 is needed: https://www.swift.org/install/linux/" >&2; exit 1; }

test-deps:
	@./scripts/install-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.3 is needed: https://www.swift.org/install/linux/" >&2; exit 1; }

build: deps
	$(SWIFT) build --product pengingat

# The binary to install on a server (there it needs libcurl4, libsqlite3-0, libxml2 and libjemalloc2).
release: deps
	$(RELEASE_BUILD) --product pengingat
	@echo "$$($(SWIFT) build -c release --show-bin-path)/pengingat"

# The main job on the embedded defaults: SQLite in var/, the sample roster, the file gateway.
# Open the printed URL on a phone-sized window; log in as `siti` (facilitator PDP-01) or `admin`.
PORT ?= 8080
run: build
	@bin=$$($(SWIFT) build --show-bin-path)/pengingat; \
	mkdir -p var; $$bin impor $(SAMPLE) --db $(DB) > var/impor.log; status=$$?; tail -n 3 var/impor.log; \
	if [ $$status -ge 2 ]; then exit $$status; fi; \
	if ! $$bin akun daftar --db $(DB) | grep -q '^siti '; then \
	    echo; echo "Akun pendamping contoh (PDP-01, Dedi Kurniawan):"; \
	    $$bin akun tambah siti --peran pendamping --pendamping PDP-01 --db $(DB); \
	fi; \
	echo; echo "Pesan terkirim masuk ke var/outbox.jsonl (lihat: tail -f var/outbox.jsonl)."; \
	echo "Lupa kata sandi? PENGINGAT_PASSWORD=sandi-baru $$bin akun tambah admin --peran admin --db $(DB)"; echo; \
	exec $$bin layani --db $(DB) --dengar 127.0.0.1:$(PORT)

# The command-line walkthrough of earlier versions of `make run`.
demo: build
	@bin=$$($(SWIFT) build --show-bin-path)/pengingat; \
	$$bin impor $(SAMPLE) --db $(DB); status=$$?; \
	if [ $$status -ge 2 ]; then exit $$status; fi; \
	echo; $$bin kelompok daftar --db $(DB); \
	echo; $$bin kpm daftar --db $(DB) --kelompok KLP-01; \
	echo; $$bin templat periksa --singkat; \
	echo; $$bin rencana --hari 7 --simpan --db $(DB) | tail -n 12; \
	echo; $$bin kirim --sekali --db $(DB); \
	echo; echo "Contoh pengiriman pada 7 Desember 2026 17.00 WIB (basis data contoh var/contoh.sqlite):"; \
	$$bin impor $(SAMPLE) --db var/contoh.sqlite > /dev/null; \
	$$bin rencana --db var/contoh.sqlite --pada 2026-12-07T00:00+07:00 --hari 2 --simpan > /dev/null; \
	$$bin kirim --sekali --db var/contoh.sqlite --pada 2026-12-07T17:00+07:00; \
	echo "Tiga pesan terakhir di kotak keluar berkas var/outbox.jsonl:"; tail -n 3 var/outbox.jsonl; \
	echo; echo "Kehadiran P2K2 KLP-01 8 Desember 2026; pesan penyemangat terkirim esok paginya:"; \
	$$bin kehadiran catat --db var/contoh.sqlite --pertemuan KLP-01/2026-12 --tidak-hadir KPM-0001,KPM-0002 \
	    --izin "KPM-0004:anak sakit" --oleh contoh --pada 2026-12-08T12:00+07:00; \
	$$bin kirim --sekali --db var/contoh.sqlite --pada 2026-12-09T07:00+07:00 --tunggu-laporan 0; \
	grep '"id":"motivasi/KLP-01/2026-12/' var/outbox.jsonl | tail -n 3; \
	echo; $$bin siaran --db var/contoh.sqlite --ke kelompok:KLP-01 --teks "{{sapaan}} {{nama}}, pencairan bantuan PKH tahap 4 mulai Senin di kantor pos. Bawa KKS dan KTP." --coba --sekarang 2026-12-09T08:00+07:00; \
	echo; $$bin ringkasan --db var/contoh.sqlite --pendamping PDP-01 --pada 2026-12-08T06:00+07:00 --coba; \
	echo; echo "Balasan dari KPM-0003 (seolah masuk lewat SMS): JADWAL, BERHENTI, lalu MULAI:"; \
	$$bin balasan terima --db var/contoh.sqlite --dari 08576670613 --teks "jadwal?" --pada 2026-12-02T10:00+07:00; \
	$$bin balasan terima --db var/contoh.sqlite --dari 08576670613 --teks "Berhenti" --pada 2026-12-02T10:05+07:00; \
	$$bin balasan terima --db var/contoh.sqlite --dari 08576670613 --teks "mulai" --pada 2026-12-02T10:10+07:00; \
	$$bin balasan daftar --db var/contoh.sqlite --pendamping PDP-01

test: test-deps
	SWIFT=$(SWIFT) ./scripts/run-tests.sh

# Benchmarks in a release build; results go into BENCHMARKS.md (never a timing assertion in a test).
# BENCH_SIZES overrides the planner's roster sizes, e.g. `make bench BENCH_SIZES="10000 100000"`;
# BENCH_MESSAGES the number of messages dispatched (default 20000); BENCH_HOUSEHOLDS the size of
# the roster imported from CSV (default 20000).
BENCH_SIZES ?= 10000 100000 1000000
bench: deps
	@./scripts/install-system-packages.sh wrk kannel kannel-extras postgresql python3-pip sqlite3 nginx time
	$(RELEASE_BUILD) --product pengingat-bench
	$(RELEASE_BUILD) --product pengingat
	./scripts/run-bench.sh $$($(SWIFT) build -c release --show-bin-path)/pengingat-bench $(BENCH_SIZES)

# Coverage-guided fuzzing of the parsers with libFuzzer (the package in Fuzz/): FUZZ_SECONDS per
# target (default 30); the committed seeds are in Fuzz/Corpus/, crashes land in Fuzz/artifacts/.
FUZZ_SECONDS ?= 30
fuzz: deps
	./scripts/fuzz.sh $(FUZZ_SECONDS)

# Regenerates the sample roster from its script and checks it.
sample:
	python3 scripts/generate-sample-roster.py

clean:
	rm -rf .build var
