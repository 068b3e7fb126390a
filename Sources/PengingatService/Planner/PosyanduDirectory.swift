import PengingatCore

/// Which posyandu serves a household: the one of its kelurahan (written any way) and RW.
struct PosyanduDirectory: Sendable {
    /// By kelurahan key, then RW: a group lies in one kelurahan, so the planner looks its
    /// kelurahan up once and each household's RW in it.
    private let byKelurahan: [String: [String: Posyandu]]

    init(_ posyandus: [Posyandu]) {
        var byKelurahan: [String: [String: Posyandu]] = [:]
        for posyandu in posyandus {
            let key = AdministrativeArea.kelurahanKey(posyandu.kelurahan)
            // The first one listed for an area serves it.
            if byKelurahan[key]?[posyandu.rw] == nil { byKelurahan[key, default: [:]][posyandu.rw] = posyandu }
        }
        self.byKelurahan = byKelurahan
    }

    func posyandu(kelurahan: String, rw: String) -> Posyandu? {
        posyandus(kelurahan: kelurahan)[rw]
    }

    /// The posyandus of one kelurahan, by RW.
    func posyandus(kelurahan: String) -> [String: Posyandu] {
        byKelurahan[AdministrativeArea.kelurahanKey(kelurahan)] ?? [:]
    }
}
