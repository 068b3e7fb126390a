import Foundation
import Logging
import PengingatCLI

@main
enum PengingatMain {
    static func main() async {
        // Only the executable chooses where logs go; libraries just take a Logger.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["PENGINGAT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .warning
            return handler
        }
        await PengingatCommand.main()
    }
}
