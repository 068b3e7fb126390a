import ArgumentParser
import PengingatService

/// Which configuration file a command reads.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: [.customLong("config"), .customLong("konfigurasi")],
            help: ArgumentHelp("Berkas konfigurasi YAML (bawaan: PENGINGAT_CONFIG atau Config/pengingat.yaml).",
                               valueName: "PATH"))
    var path: String?

    var resolvedPath: String? { path ?? PengingatConfiguration.defaultPath() }

    func load() throws -> PengingatConfiguration {
        try PengingatConfiguration.load(path: resolvedPath)
    }
}
