// swift-tools-version:6.1
// Coverage-guided fuzz targets for Pengingat's parsers, run by scripts/fuzz.sh.
//
// A package of its own, not targets of the root package, because every target here is built
// with `-sanitize=fuzzer` (libFuzzer supplies `main`), which must not leak into the normal
// build, and because the root package's tests and CI never need to know about it.
import PackageDescription

let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// One executable per fuzz target, its source in `Sources/<name>/`, its seeds in `Corpus/<name>/`.
func fuzzTarget(_ name: String, _ products: [String], logging: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzEntry", "FuzzChecks"] + products.map { .product(name: $0, package: "Pengingat") }
            + (logging ? [.product(name: "Logging", package: "swift-log")] : []),
        swiftSettings: settings)
}

let package = Package(
    name: "PengingatFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Pengingat", path: ".."),
        // Only for the Logger RosterImporter takes; the root package pins the version.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The `main` SwiftPM expects of an executable, handing over to libFuzzer (see FuzzEntry.c).
        .target(name: "FuzzEntry"),
        // Invariant checks more than one target shares.
        .target(name: "FuzzChecks", swiftSettings: settings),
        fuzzTarget("fuzz-roster-import", ["PengingatService", "PengingatStore", "PengingatCore"], logging: true),
        fuzzTarget("fuzz-phone-number", ["PengingatCore"]),
        fuzzTarget("fuzz-jadwal", ["PengingatCore"]),
        fuzzTarget("fuzz-templates", ["PengingatTemplates", "PengingatCore"]),
        fuzzTarget("fuzz-kannel", ["PengingatGateways", "PengingatCore"]),
        fuzzTarget("fuzz-whatsapp", ["PengingatGateways", "PengingatCore"]),
        fuzzTarget("fuzz-reply-keywords", ["PengingatCore"]),
    ]
)
