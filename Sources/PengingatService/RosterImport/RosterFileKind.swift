/// The five roster files and their fixed columns.
public enum RosterFileKind: String, CaseIterable, Sendable, Comparable {
    // Declared in the order they are applied: each refers only to kinds above it.
    case facilitators = "pendamping"
    case posyandus = "posyandu"
    case groups = "kelompok"
    case households = "kpm"
    case members = "anggota"

    public var fileName: String { rawValue + ".csv" }

    /// Columns whose absence rejects the file: they carry ids, references, or a value whose
    /// silent default would be wrong (a missing `no_hp` column must not mean "no phone").
    public var requiredColumns: [String] {
        switch self {
        case .facilitators: ["id_pendamping", "nama", "no_hp"]
        case .posyandus: ["id_posyandu", "nama", "kelurahan", "rw", "jadwal"]
        case .groups: ["id_kelompok", "nama_kelompok", "id_pendamping", "kelurahan", "zona_waktu", "jadwal"]
        case .households: ["id_kpm", "nama_pengurus", "no_hp", "id_kelompok"]
        case .members: ["id_kpm", "nama", "komponen"]
        }
    }

    /// Columns that may be missing from the header; their values are then empty (or the default).
    public var optionalColumns: [String] {
        switch self {
        case .facilitators: ["email"]
        case .posyandus: ["lokasi"]
        case .groups: ["rw", "lokasi", "mode", "pkh_akses", "ketua_id_kpm"]
        case .households: ["no_hp_lain", "kanal", "bahasa", "rt", "rw", "alamat", "status"]
        case .members: ["hubungan", "jenis_kelamin", "tanggal_lahir", "hpht", "tanggal_persalinan", "nama_sekolah"]
        }
    }

    public var columns: [String] { requiredColumns + optionalColumns }

    /// The columns that hold phone numbers (Excel may have stored them as numbers).
    var phoneColumns: Set<String> { Set(columns.filter { $0 == "no_hp" || $0.hasPrefix("no_hp_") }) }

    /// What one row of this file describes, for messages: "pendamping", "kelompok", "KPM"…
    var rowNoun: String {
        switch self {
        case .facilitators: "pendamping"
        case .posyandus: "posyandu"
        case .groups: "kelompok"
        case .households: "KPM"
        case .members: "anggota"
        }
    }

    /// Recognises a file by its name: `kpm.csv`, `KPM.CSV`, `kpm-pdp01.csv`, `kpm_2026.csv`.
    public init?(fileName: String) {
        var base = fileName.lowercased()
        guard base.hasSuffix(".csv") else { return nil }
        base.removeLast(4)
        let match = RosterFileKind.allCases.first { kind in
            base == kind.rawValue
                || (base.hasPrefix(kind.rawValue) && base.dropFirst(kind.rawValue.count).first.map { !$0.isLetter } == true)
        }
        guard let match else { return nil }
        self = match
    }

    /// Recognises a file by its header when its name says nothing: the kind whose
    /// required columns are all there.
    public init?(header: [String]) {
        let names = Set(header)
        let candidates = RosterFileKind.allCases.filter { Set($0.requiredColumns).isSubset(of: names) }
        // kpm.csv and anggota.csv both have id_kpm; the one with more matched columns wins.
        guard let best = candidates.max(by: {
            Set($0.columns).intersection(names).count < Set($1.columns).intersection(names).count
        }) else { return nil }
        self = best
    }

    public static func < (lhs: RosterFileKind, rhs: RosterFileKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
