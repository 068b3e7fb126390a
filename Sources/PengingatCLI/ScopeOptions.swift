import ArgumentParser
import PengingatCore

/// Narrows a listing to one facilitator's groups, as that facilitator would see it.
struct ScopeOptions: ParsableArguments {
    @Option(name: [.customLong("pendamping"), .customLong("facilitator")],
            help: ArgumentHelp("Tampilkan hanya data kelompok pendamping ini.", valueName: "ID"))
    var facilitatorID: String?

    var scope: AccessScope { facilitatorID.map(AccessScope.facilitator) ?? .everything }
}
