import Foundation
import GRDB
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

/// `make bench`: measures the planner against only reading the same roster from SQLite,
/// for generated rosters of 10k, 100k and 1M households, and writes BENCHMARKS.md.
///
/// Each measurement runs in its own process so its peak memory (VmHWM) is its own:
///   pengingat-bench                       run everything, write BENCHMARKS.md
///   pengingat-bench generate N PATH       build a roster of N households in PATH
///   pengingat-bench read PATH             read every group's households and members
///   pengingat-bench plan PATH             plan one month for every group
///   pengingat-bench dispatch [N]          dispatch rate against a local sink and a real Kannel
///   pengingat-bench curl-floor URL N [BODY]  libcurl alone: N requests, 64 in flight, JSON result
///   pengingat-bench scaling [N]           1, 2, 4 `pengingat kirim` processes on PostgreSQL, 1 on SQLite
///   pengingat-bench sink                  the local HTTP sink (prints its port)
///   pengingat-bench import [N]            roster import of N households from CSV, against the sqlite3 shell
@main
enum PengingatBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        switch arguments.count > 1 ? arguments[1] : "all" {
        case "generate": try await RosterGenerator.generate(households: Int(arguments[2]) ?? 10_000, path: arguments[3])
        case "read": try await Measurement.read(path: arguments[2]).print()
        case "plan": try await Measurement.plan(path: arguments[2]).print()
        case "sink": try await DispatchBench.sink()
        case "import": try await Driver.runImport(households: arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000)
        case "import-generate": try ImportBench.generate(households: Int(arguments[2]) ?? 20_000, folder: arguments[3])
        case "import-measure":
            let result = try await ImportBench.measure(folder: arguments[2], database: arguments[3])
            Swift.print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
        case "dispatch": try await Driver.runDispatch(messages: arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000)
        case "curl-floor":
            let result = try FloorBench.curl(url: arguments[2], count: Int(arguments[3]) ?? 100_000, body: arguments.count > 4 ? arguments[4] : nil)
            Swift.print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
        case "scaling": try await Driver.runScaling(messages: arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000)
        default: try await Driver.run(sizes: arguments.count > 2 ? arguments[2...].compactMap { Int($0) } : [10_000, 100_000, 1_000_000])
        }
    }
}

/// One measured run: elapsed time, peak resident memory and what it counted.
struct Measurement: Codable {
    var seconds: Double
    /// User plus system CPU time: what the work costs whatever the number of cores used.
    var cpuSeconds: Double
    var peakKiB: Int
    var households: Int
    var members: Int
    var messages: Int
    var items: Int

    func print() {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        Swift.print(String(decoding: data, as: UTF8.self))
    }

    /// User plus system CPU time of this process, or of the children it has waited for.
    static func cpuSeconds(of who: __rusage_who = RUSAGE_SELF) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func peakKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    static let horizon = Planner.Horizon(now: LocalDateTime(
        date: CalendarDate(year: 2026, month: 12, day: 1)!, time: TimeOfDay.midnight).instant(in: .wib), days: 31)

    /// What the planner reads, without planning (`Planner.read`): each group's households,
    /// members, meeting changes, recent messages and verifications, in the planner's batches of
    /// groups, one batch after another.
    static func read(path: String) async throws -> Measurement {
        let store = try SQLiteStore(path: path, logger: Logger(label: "bench"))
        let planner = try planner(store)
        let groups = try await store.groups(in: .everything)
        let start = Date()
        let cpuStart = cpuSeconds()
        var households = 0
        var members = 0
        for batch in groups.chunked(into: Planner.batchSize) {
            for read in try await planner.read(batch, horizon: horizon) {
                households += read.households.count
                members += read.members.count
            }
        }
        return Measurement(seconds: Date().timeIntervalSince(start), cpuSeconds: cpuSeconds() - cpuStart, peakKiB: peakKiB(),
                           households: households, members: members, messages: 0, items: 0)
    }

    /// The planner over `store`, with the shipped configuration.
    static func planner(_ store: SQLiteStore) throws -> Planner {
        let configuration = try PengingatConfiguration.load(path: "Config/pengingat.yaml")
        return Planner(
            store: store, rules: try PlanningRules.load(configuration),
            catalogue: try configuration.loadTemplates(configurationPath: "Config/pengingat.yaml"), logger: Logger(label: "bench"))
    }

    /// A month's plan for every group, streamed group by group, not committed.
    static func plan(path: String) async throws -> Measurement {
        let planner = try planner(try SQLiteStore(path: path, logger: Logger(label: "bench")))
        let start = Date()
        let cpuStart = cpuSeconds()
        var messages = 0
        var items = 0
        // Households come from the read's row (counting them here would add to the plan's time).
        let households = 0
        try await planner.plan(horizon) { plan in
            messages += plan.messages.count
            items += plan.messages.reduce(0) { $0 + $1.items.count }
        }
        return Measurement(seconds: Date().timeIntervalSince(start), cpuSeconds: cpuSeconds() - cpuStart, peakKiB: peakKiB(),
                           households: households, members: 0, messages: messages, items: items)
    }
}
