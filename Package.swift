// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The executables allocate through jemalloc on Linux (`libjemalloc-dev`): planning a month is
/// mostly many small strings and arrays made on one thread and freed on another, where glibc's
/// malloc spent a fifth of `rencana`'s CPU; jemalloc took its wall time from 0.95 s to 0.74 s
/// (BENCHMARKS.md, "Fifth session"). Libraries and tests keep the system allocator. Release
/// builds are made with `--static-swift-stdlib` (the Makefile's `RELEASE_BUILD`).
let executableLinking: [LinkerSetting] = [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]

let package = Package(
    name: "Pengingat",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pengingat", targets: ["pengingat"]),
        .library(name: "PengingatCore", targets: ["PengingatCore"]),
        .library(name: "PengingatTemplates", targets: ["PengingatTemplates"]),
        .library(name: "PengingatOutbox", targets: ["PengingatOutbox"]),
        .library(name: "PengingatStore", targets: ["PengingatStore"]),
        .library(name: "PengingatGateways", targets: ["PengingatGateways"]),
        .library(name: "PengingatService", targets: ["PengingatService"]),
        .library(name: "PengingatWeb", targets: ["PengingatWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        // libcurl, with non-variadic wrappers for the functions Swift cannot import.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Domain values and rules: pure, no I/O, clock and time zone as parameters.
        .target(
            name: "PengingatCore",
            swiftSettings: strict
        ),
        // Message catalogue: Mustache templates per kind and language, strict loading,
        // Indonesian wording of dates, SMS encoding and segments.
        .target(
            name: "PengingatTemplates",
            dependencies: [
                "PengingatCore",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // The outbox's values and its rules, pure: the state machine, the plan-commit diff,
        // claims with opt-out and the per-phone daily cap, attempt and report outcomes. Both
        // stores persist what these decide.
        .target(
            name: "PengingatOutbox",
            dependencies: [
                "PengingatCore",
                // HMAC for the planner's message keys (`PlanMessageKey`).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Storage protocols and their two backends: SQLite (GRDB) and PostgreSQL (postgres-nio).
        .target(
            name: "PengingatStore",
            dependencies: [
                "PengingatCore",
                "PengingatOutbox",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for binding bulk writes without boxing (`BulkStatement`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Only for the errors of PostgresClient's pool, which PostgresNIO does not re-export.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The libcurl transport (multi interface on its own thread) and one folder per gateway
        // kind: its adapter, its settings, its report and inbound parsing, its webhooks (declared
        // here, mounted by PengingatWeb: this module knows no HTTP server).
        .target(
            name: "PengingatGateways",
            dependencies: [
                "CCurl",
                "PengingatCore",
                "PengingatOutbox",
                // HMAC for WhatsApp's and Twilio's webhook signatures.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // .xlsx workbooks read into sheets of cell values (ZIPFoundation, SWXMLHash), and written
        // from sheets of values (ZIPFoundation): what the imports and the report's export need,
        // not a spreadsheet library.
        .target(
            name: "PengingatSpreadsheet",
            dependencies: [
                "PengingatCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ],
            swiftSettings: strict
        ),
        // Use cases over the store: roster import, planner, dispatcher, replies, outreach, retention.
        .target(
            name: "PengingatService",
            dependencies: [
                "PengingatCore",
                "PengingatSpreadsheet",
                "PengingatStore",
                "PengingatTemplates",
                "PengingatGateways",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The JSON API's types and server protocol, generated at build time from this target's
        // openapi.yaml: the spec and the routes are one thing.
        .target(
            name: "PengingatAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: strict,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // `pengingat serve`: the facilitators' pages, the JSON API, accounts and sessions, the
        // gateways' webhooks, metrics and health, over Hummingbird.
        .target(
            name: "PengingatWeb",
            dependencies: [
                "PengingatCore",
                "PengingatStore",
                "PengingatTemplates",
                "PengingatService",
                "PengingatGateways",
                "PengingatAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The command tree, a library so tests can run commands in-process.
        .target(
            name: "PengingatCLI",
            dependencies: [
                "PengingatCore",
                "PengingatStore",
                "PengingatTemplates",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "PengingatService",
                "PengingatWeb",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pengingat",
            dependencies: [
                "PengingatCLI", "PengingatWeb", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict,
            linkerSettings: executableLinking
        ),
        // `make bench`: planner against reading, on generated rosters; writes BENCHMARKS.md.
        .executableTarget(
            name: "pengingat-bench",
            dependencies: [
                "PengingatService", "PengingatStore", "PengingatTemplates", "PengingatCore", "PengingatGateways", "PengingatWeb", "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/pengingat-bench",
            swiftSettings: strict,
            // Measures what ships: the same allocator as `pengingat`.
            linkerSettings: executableLinking
        ),
        // What several test targets share (a seeded generator); never part of the product.
        .target(
            name: "PengingatTestSupport",
            dependencies: [
                "PengingatStore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PengingatTestSupport", swiftSettings: strict),
        .testTarget(
            name: "CCurlTests",
            dependencies: ["CCurl"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatSpreadsheetTests",
            dependencies: [
                "PengingatSpreadsheet", "PengingatCore",
                // To open written workbooks' parts for what the reader does not read (styles, the frozen pane).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatCoreTests",
            dependencies: ["PengingatCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatTemplatesTests",
            dependencies: [
                "PengingatTestSupport",
                "PengingatTemplates", "PengingatCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
                // The reference compiled templates are checked against.
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Reviewable text files the snapshot test reads by path, not resources.
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatGatewaysTests",
            // The dispatcher's fault tests live here too: they need the sink these tests start.
            dependencies: [
                "PengingatTestSupport",
                "PengingatGateways", "PengingatCore", "CCurl", "PengingatService", "PengingatStore", "PengingatOutbox",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The Python test servers are started by path, not bundled.
            exclude: ["Support"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatOutboxTests",
            dependencies: ["PengingatOutbox", "PengingatCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatStoreTests",
            dependencies: [
                "PengingatTestSupport",
                "PengingatStore", "PengingatCore", "PengingatOutbox", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatServiceTests",
            dependencies: [
                "PengingatTestSupport",
                "PengingatService", "PengingatStore", "PengingatCore", "PengingatTemplates", "PengingatGateways",
                // The workbook writer, checked against LibreOffice next to the roster tests' helper.
                "PengingatSpreadsheet",
                // `pengingat kirim`'s callback listener is the web application with its webhooks alone.
                "PengingatWeb",
                .product(name: "PropertyBased", package: "swift-property-based"),
                // The dispatcher's counters, read back without bootstrapping the process's metrics.
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                // The reference the roster's own CSV reader is checked against.
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
            ],
            // Workbooks the roster import tests read by path, and the script that writes one.
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatWebTests",
            dependencies: [
                "PengingatTestSupport",
                "PengingatWeb", "PengingatService", "PengingatStore", "PengingatCore", "PengingatTemplates", "PengingatGateways",
                // The generated API models, to read the API's answers as a client would.
                "PengingatAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The attendance sheet's snapshot, a reviewable file the test reads by path.
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PengingatCLITests",
            // Depending on the executable makes `swift test` build it; the tests run it as a user would.
            dependencies: [
                "pengingat", "PengingatTestSupport", "PengingatCore", "PengingatStore", .product(name: "Logging", package: "swift-log"),
                // To read back the workbooks the commands write.
                "PengingatSpreadsheet",
            ],
            swiftSettings: strict
        ),
    ]
)
