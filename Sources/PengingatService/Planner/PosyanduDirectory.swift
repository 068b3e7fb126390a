import PengingatCore

/// Which posyandu serves a household: the one of its kelurahan (written any way) and RW.
struct PosyanduDirectory: Sendable {
    private let byArea: [String: Posyandu]

    init(_ posyandus: [Posyandu]) {
        byArea = Dictionary(
            posyandus.map { (Self.area(kelurahan: $0.kelurahan, rw: $0.rw), $0) }, uniquingKeysWith: { first, _ in first })
    }

    func posyandu(kelurahan: String, rw: String) -> Posyandu? {
        byArea[Self.area(kelurahan: kelurahan, rw: rw)]
    }

    private static func area(kelurahan: String, rw: String) -> String {
        AdministrativeArea.kelurahanKey(kelurahan) + "\u{1F}" + rw
    }
}
