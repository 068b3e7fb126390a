import ArgumentParser
import Logging
import PengingatService
import PengingatStore
import PengingatTemplates

/// What a command that writes to households needs, loaded the one way: the store, the settings,
/// the planning rules and the message templates. A template that fails its check is printed as
/// the catalogue words it (file, line, column); anything else is explained with its code.
struct OutreachInputs {
    let store: any PengingatStore
    let settings: PengingatConfiguration
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let logger: Logger

    init(store options: StoreOptions, configuration: ConfigurationOptions, label: String) async throws {
        let logger = Logger(label: label)
        self.logger = logger
        do {
            settings = try configuration.load()
            store = try await options.openStore(logger: logger)
            rules = try PlanningRules.load(settings)
            catalogue = try settings.loadTemplates(configurationPath: configuration.resolvedPath)
        } catch {
            throw fail(error, exitCode: 1)
        }
    }
}
