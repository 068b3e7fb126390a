// SwiftPM (tools version 5.5 and later, on Linux) links every executable with
// `--defsym main=<module>_main`, expecting the Swift compiler to have renamed the module's own
// `main` so tests can link the module. A fuzz target has no `main` of its own: libFuzzer's
// driver is the program. Without a `<module>_main` the link fails ("undefined symbol
// 'fuzz_jadwal_main'"), and `main` itself cannot be taken from libFuzzer because the `--defsym`
// already claims the name. So each target's `<module>_main` is defined here, once, as a call
// into libFuzzer's documented driver entry point, with the target's LLVMFuzzerTestOneInput.
// Every fuzz executable links all of these; only its own is used as `main`.
#include <stddef.h>
#include <stdint.h>

extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ENTRY(module) \
    int module##_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }

// One line per executable target in Package.swift (its name with `-` as `_`).
FUZZ_ENTRY(fuzz_roster_import)
FUZZ_ENTRY(fuzz_phone_number)
FUZZ_ENTRY(fuzz_jadwal)
FUZZ_ENTRY(fuzz_templates)
FUZZ_ENTRY(fuzz_kannel)
FUZZ_ENTRY(fuzz_whatsapp)
FUZZ_ENTRY(fuzz_reply_keywords)
